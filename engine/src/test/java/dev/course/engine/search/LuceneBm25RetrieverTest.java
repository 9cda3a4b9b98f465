package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.index.ChunkIndex;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LuceneBm25RetrieverTest {

    static final List<Document> DOCUMENTS = List.of(
            new Document("a", "Heat transfer", "heat flows from the hot wall into the boundary layer", ""),
            new Document("b", "Flutter", "wing flutter at high speed, with a note on heat", ""),
            new Document("c", "Boundary layers", "the laminar boundary layer of a flat plate and its heat transfer heat", ""),
            new Document("d", "Nozzles", "supersonic nozzle flow", ""));

    @Test
    void theCoursesBm25RanksAndScoresExactlyAsPlainLuceneEvenWithRepeatedQueryWords() throws Exception {
        var plain = new LuceneBm25Retriever(DOCUMENTS, LuceneBm25Retriever.Fields.TITLE_AND_TEXT);
        try (ChunkIndex index = ChunkIndex.inMemory(DOCUMENTS.stream().map(Chunk::whole).toList())) {
            var ours = new Bm25Retriever(index);
            for (String query : List.of("heat heat heat boundary", "heat boundary", "flutter of the wing", "nozzle")) {
                SearchResults a = plain.search(query, 4);
                SearchResults b = ours.search(query, 4);
                assertEquals(a.chunkIds(), b.chunkIds(), query);
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.get(i).score(), b.get(i).score(), 1e-5f, query);
                }
            }
            assertEquals(Map.of("heat", 3, "boundari", 1), ours.termCounts("heat heat heat boundary"));
        }
    }

    @Test
    void titleAndTextInTwoFieldsScoreATitleMatchAsAShortFieldMatch() {
        var oneField = new LuceneBm25Retriever(DOCUMENTS, LuceneBm25Retriever.Fields.TITLE_AND_TEXT);
        var twoFields = new LuceneBm25Retriever(DOCUMENTS, LuceneBm25Retriever.Fields.TITLE_PLUS_TEXT);
        assertEquals("lucene-bm25(EnglishAnalyzer, title+text in one field)", oneField.name());
        assertEquals("lucene-bm25(EnglishAnalyzer, title and text fields, scores summed)", twoFields.name());
        // "heat" is in a's title and text: two fields add two scores.
        SearchResults results = twoFields.search("heat", 4);
        assertEquals("a", results.get(0).chunk().id());
        assertEquals(3, results.size());
    }
}
