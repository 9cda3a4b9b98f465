package dev.course.engine.corpus;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.SearchResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capstone's engine: among documents that match alike, the everyday member wins and deprecated API loses; the JDK's own usage counts come from the index. */
class JdkSearchTest {

    private static Document member(String id, String declaration, boolean deprecated) {
        return new ApiMember(id, id, declaration, "Returns this text with the white space at both ends removed.", "",
                deprecated, "u").documentWithWords();
    }

    @Test
    void theUsagePriorAndDeprecationOrderMatchesThatAreAlike() throws Exception {
        List<Document> documents = List.of(
                member("javax.swing.text.Spacer#trimmed()", "public String trimmed()", false),
                member("java.util.OldText#trimmed()", "public String trimmed()", true),
                member("java.lang.String#trimmed()", "public String trimmed()", false),
                new Document("java.util.List#size()", "java.util.List › size()", "int size()\nReturns the number of elements in this list.", "u"));
        LibraryUsage usage = LibraryUsage.ofCounts(Map.of("java.lang.String", 900),
                Map.of("java.lang.String#trimmed", 900, "java.util.OldText#trimmed", 900, "javax.swing.text.Spacer#trimmed", 30));
        EmbeddingModel model = EmbeddingModel.miniLm();
        try (ChunkIndex index = ChunkIndex.inMemory(documents.stream().map(Chunk::whole).toList(), model)) {
            SearchResults found = JdkSearch.engine(index, model, usage).search("remove the spaces at both ends", 4);
            assertEquals("java.lang.String#trimmed()", found.documentIds().getFirst(), found.toString());
            assertEquals("javax.swing.text.Spacer#trimmed()", found.documentIds().get(1),
                    "deprecated API comes after a rarely used type: " + found.documentIds());
            assertTrue(found.method().startsWith("weighted" + JdkSearch.WEIGHTS), found.method());
        }
        assertEquals(0.0, JdkSearch.prior(usage, Chunk.whole(documents.get(1))), 1e-9, "deprecated: 0 whatever its use");
        assertEquals(1.0, JdkSearch.prior(usage, Chunk.whole(documents.get(2))), 1e-9);
    }

    /**
     * Three overloads of {@code wait} match the question better than the latch's {@code await}; the
     * first page names each member once, so the latch comes second and the other overloads after it.
     */
    @Test
    void theFirstPageNamesEachMemberOnce() throws Exception {
        String waits = "Causes the current thread to wait until it is awakened, by being notified or interrupted.";
        List<Document> documents = List.of(
                new ApiMember("java.lang.Object#wait()", "Object › wait()", "public final void wait()", waits, "", false, "u").documentWithWords(),
                new ApiMember("java.lang.Object#wait(long)", "Object › wait(long)", "public final void wait(long timeoutMillis)", waits, "", false, "u").documentWithWords(),
                new ApiMember("java.lang.Object#wait(long,int)", "Object › wait(long,int)", "public final void wait(long timeoutMillis, int nanos)", waits, "", false, "u").documentWithWords(),
                new ApiMember("java.util.concurrent.CountDownLatch#await()", "CountDownLatch › await()", "public void await()",
                        "Causes the current thread to wait until the latch has counted down to zero.", "", false, "u").documentWithWords());
        LibraryUsage usage = LibraryUsage.ofCounts(Map.of(),
                Map.of("java.lang.Object#wait", 900, "java.util.concurrent.CountDownLatch#await", 900));
        EmbeddingModel model = EmbeddingModel.miniLm();
        try (ChunkIndex index = ChunkIndex.inMemory(documents.stream().map(Chunk::whole).toList(), model)) {
            List<String> found = JdkSearch.engine(index, model, usage).search("make the current thread wait until it is notified", 4).documentIds();
            assertEquals(List.of("java.lang.Object#wait", "java.util.concurrent.CountDownLatch#await"),
                    found.subList(0, 2).stream().map(ApiMember::memberName).toList(), found.toString());
            assertEquals(4, found.size(), "the other overloads stay, after the page: " + found);
        }
    }

    /**
     * The whole JDK's index keeps its usage counts: the engine reads them from there (a count that the
     * JDK's sources could never give shows they were not counted again), and only that index is searched
     * by the engine.
     */
    @Test
    void theEngineReadsTheUsageCountsKeptWithTheWholeJdksIndex(@TempDir Path tmp) throws Exception {
        Path jdk = tmp.resolve("jdk");
        OldIndexesTest.copyFixture(jdk.resolve(CorpusIndex.LUCENE_DIR));
        new CorpusIndex.Info(JdkApiCorpus.all().name(), "fixture-4d", 3, 3, 0.1, Instant.now()).write(jdk.resolve(CorpusIndex.INFO_FILE));
        TypeUsage.ofCounts(Map.of("java.lang.String", 3, "java.util.List", 7)).save(jdk.resolve(TypeUsage.FILE));
        try (CorpusIndex index = CorpusIndex.open(jdk)) {
            assertTrue(JdkSearch.searches(index));
            TypeUsage usage = JdkSearch.usage(index);
            assertEquals(3, usage.files("java.lang.String"));
            assertEquals(7, usage.files("java.util.List"));
        }
        Path notes = tmp.resolve("notes");
        OldIndexesTest.copyFixture(notes.resolve(CorpusIndex.LUCENE_DIR));
        new CorpusIndex.Info("notes", "fixture-4d", 3, 3, 0.1, Instant.now()).write(notes.resolve(CorpusIndex.INFO_FILE));
        try (CorpusIndex index = CorpusIndex.open(notes)) {
            assertFalse(JdkSearch.searches(index), "a folder's index is searched as any other");
        }
    }
}
