package dev.course.engine.corpus;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.Hit;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.SearchResults;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documents nearest to the query among the everyday API join the candidates, after them; rare API never does. */
class EverydayNearestTest {

    private static final String OBJECTS = "java.util.Objects";
    private static final String ERROR = "java.lang.Error";
    private static final String RARE = "javax.swing.JSpinner";

    private static Document doc(String id, String text) {
        return new Document(id, id, text, "u");
    }

    @Test
    void theNearestEverydayDocumentsFollowTheCandidates() throws Exception {
        List<Document> documents = List.of(
                doc(ERROR + "#Error()", "public Error()\nConstructs a new error with null as its detail message."),
                doc(OBJECTS + "#requireNonNull(T)", "public static <T> T requireNonNull(T obj)\nChecks that the specified"
                        + " object reference is not null. This method is designed primarily for doing parameter validation"
                        + " in methods and constructors.\nThrows: NullPointerException - if obj is null"),
                doc(OBJECTS + "#hash(Object...)", "public static int hash(Object... values)\nGenerates a hash code for a"
                        + " sequence of input values."),
                doc(RARE + "#setValue(Object)", "public void setValue(Object value)\nChanges current value of the model,"
                        + " throws an exception if the argument is null or not valid."));
        var usage = TypeUsage.ofCounts(Map.of(OBJECTS, 400, ERROR, 300, RARE, 1));
        EmbeddingModel model = EmbeddingModel.miniLm();
        try (ChunkIndex index = ChunkIndex.inMemory(documents.stream().map(Chunk::whole).toList(), model)) {
            String query = "throw an error if an argument is null";
            // The first stage found the error and the rare setter (what shares the question's words), not the answer.
            Retriever keywords = new Retriever() {
                @Override
                public String name() {
                    return "first-stage";
                }

                @Override
                public SearchResults search(String q, int k) {
                    return new SearchResults(q, name(), List.of(new Hit(index.chunk(0), 2, 0), new Hit(index.chunk(3), 1, 3)));
                }
            };
            List<String> before = keywords.search(query, 100).documentIds();
            assertFalse(before.contains(OBJECTS + "#requireNonNull(T)"));

            SearchResults found = new EverydayNearest(keywords, index, model, chunk -> usage.prior(chunk.documentId()), 0.5, 2)
                    .search(query, 10);
            List<String> ids = found.documentIds();
            assertEquals(before, ids.subList(0, before.size()), "the candidates first, in their order");
            assertEquals(List.of(OBJECTS + "#requireNonNull(T)"), ids.subList(before.size(), ids.size()),
                    "of the two nearest everyday documents, the one not yet a candidate is added");
            assertEquals(0f, found.get(found.size() - 1).score(), "an added document has no score of its own");
            assertTrue(new EverydayNearest(keywords, index, model, chunk -> usage.prior(chunk.documentId()), 0.5, 10)
                    .search(query, 10).documentIds().stream().filter(id -> id.startsWith(RARE)).count() == 1,
                    "rare API is never added, however many are asked for");
        }
    }

    @Test
    void aCountBelowOneIsRefused() throws Exception {
        EmbeddingModel model = EmbeddingModel.miniLm();
        try (ChunkIndex index = ChunkIndex.inMemory(List.of(Chunk.whole(doc(OBJECTS, "Utility methods."))), model)) {
            assertThrows(IllegalArgumentException.class,
                    () -> new EverydayNearest(new Bm25Retriever(index), index, model, chunk -> 1, 0.5, 0));
        }
    }
}
