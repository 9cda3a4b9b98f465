package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.index.ChunkIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Rm3RetrieverTest {

    static ChunkIndex index;

    @BeforeAll
    static void build() {
        // Words chosen to survive English analysis unchanged (no stop words, nothing the stemmer cuts).
        index = ChunkIndex.inMemory(List.of(
                Chunk.whole(Document.of("d1", "wing flutter flutter")),
                Chunk.whole(Document.of("d2", "wing lift")),
                Chunk.whole(Document.of("d3", "boundary layer")),
                Chunk.whole(Document.of("d4", "nozzle 1950 1950 1950"))));
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    @Test
    void oneFeedbackDocumentMixesItsWordDistributionWithTheQuery() {
        var rm3 = new Rm3Retriever(index, 1, 2, 0.5);
        // Feedback: d1 alone. P(flutter|d1) = 2/3, P(wing|d1) = 1/3. Query: P(flutter|Q) = 1.
        Map<String, Double> expanded = rm3.expand("flutter");
        assertEquals(List.of("flutter", "wing"), List.copyOf(expanded.keySet()));
        assertEquals(0.5 * 1 + 0.5 * 2 / 3.0, expanded.get("flutter"), 1e-9);
        assertEquals(0.5 * 1 / 3.0, expanded.get("wing"), 1e-9);

        assertEquals(List.of("d1"), new Bm25Retriever(index).search("flutter", 5).chunkIds());
        assertEquals(List.of("d1", "d2"), rm3.search("flutter", 5).chunkIds(),
                "the expansion term 'wing' finds d2, which never says flutter");
        assertTrue(rm3.search("flutter", 5).method().startsWith("bm25+rm3(fbDocs=1"));
    }

    @Test
    void feedbackDocumentsAreWeightedByTheirScoresAndOnlyTheTopTermsKept() {
        var rm3 = new Rm3Retriever(index, 2, 2, 0.25);
        SearchResults first = new Bm25Retriever(index).search("wing", 2);
        double s1 = first.hits().stream().filter(h -> h.chunk().id().equals("d1")).findFirst().orElseThrow().score();
        double s2 = first.hits().stream().filter(h -> h.chunk().id().equals("d2")).findFirst().orElseThrow().score();
        double w1 = s1 / (s1 + s2);
        double w2 = s2 / (s1 + s2);
        // P(t|R): wing = w1/3 + w2/2, flutter = 2 w1/3, lift = w2/2; the top 2 are kept and rescaled.
        double wing = w1 / 3 + w2 / 2;
        double flutter = 2 * w1 / 3;
        double lift = w2 / 2;
        assertTrue(wing > flutter && flutter > lift, "the hand computation orders them so: " + wing + " " + flutter + " " + lift);
        Map<String, Double> expanded = rm3.expand("wing");
        assertEquals(List.of("wing", "flutter"), List.copyOf(expanded.keySet()));
        assertEquals(0.25 + 0.75 * wing / (wing + flutter), expanded.get("wing"), 1e-6);
        assertEquals(0.75 * flutter / (wing + flutter), expanded.get("flutter"), 1e-6);
        assertEquals(1.0, expanded.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    }

    @Test
    void numbersAreNotExpansionTermsAndUnknownWordsFallBackToTheQuery() {
        var rm3 = new Rm3Retriever(index, 1, 10, 0.5);
        assertEquals(Map.of("nozzl", 1.0), rm3.expand("nozzle"), "1950 has no letter: never an expansion term");
        assertEquals(List.of(), rm3.search("hypersonic", 5).chunkIds());
        assertEquals(List.of(), rm3.search("", 5).chunkIds());
    }

    @Test
    void parametersAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Rm3Retriever(index, 0, 10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Rm3Retriever(index, 10, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Rm3Retriever(index, 10, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new Rm3Retriever(index, 10, 10, Double.NaN));
        assertEquals(Rm3Retriever.DEFAULT_FB_DOCS, 10);
    }
}
