package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.index.ChunkIndex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** k1 and b change how BM25 scores, as the formula says, without rebuilding the index. */
class Bm25ParametersTest {

    private static final List<Document> DOCS = List.of(
            new Document("once", "once", "heat flows through the plate", "test"),
            new Document("thrice", "thrice", "heat heat heat flows", "test"),
            new Document("long", "long", "heat and a great many other words that make this document much longer than the rest", "test"));

    private static double score(Bm25Retriever bm25, String id) {
        return bm25.search("heat", 3).hits().stream().filter(h -> h.chunk().id().equals(id)).findFirst().orElseThrow().score();
    }

    @Test
    void theDefaultsAreLucenesAndKeepTheirName() throws Exception {
        try (var index = ChunkIndex.inMemory(DOCS.stream().map(Chunk::whole).toList())) {
            var defaults = new Bm25Retriever(index);
            var explicit = new Bm25Retriever(index, 1.2, 0.75);
            assertEquals("bm25", defaults.name());
            assertEquals("bm25", explicit.name());
            assertEquals(score(defaults, "thrice"), score(explicit, "thrice"), 1e-6);
        }
    }

    @Test
    void k1ZeroIgnoresRepetitionAndBZeroIgnoresLength() throws Exception {
        try (var index = ChunkIndex.inMemory(DOCS.stream().map(Chunk::whole).toList())) {
            var defaults = new Bm25Retriever(index);
            assertTrue(score(defaults, "thrice") > score(defaults, "once"), "by default repetition helps");
            var noSaturation = new Bm25Retriever(index, 0, 0.75);
            assertEquals(score(noSaturation, "once"), score(noSaturation, "thrice"), 1e-6, "with k1 = 0 one occurrence is as good as three");
            assertTrue(score(defaults, "once") > score(defaults, "long"), "by default the long document is discounted");
            var noLength = new Bm25Retriever(index, 1.2, 0);
            assertEquals(score(noLength, "once"), score(noLength, "long"), 1e-6, "with b = 0 length does not matter");
            assertEquals("bm25(k1=1.2,b=0.0)", noLength.name());
            assertNotEquals(score(defaults, "long"), score(noLength, "long"));
            // explain follows the retriever's own parameters
            var hit = noLength.search("heat", 3).hits().getFirst();
            assertEquals(hit.score(), noLength.explain("heat", hit).terms().stream().mapToDouble(t -> t.score()).sum(), 1e-4);
        }
    }

    @Test
    void parametersOutsideTheirRangeAreRefused() throws Exception {
        try (var index = ChunkIndex.inMemory(DOCS.stream().map(Chunk::whole).toList())) {
            assertThrows(IllegalArgumentException.class, () -> new Bm25Retriever(index, -0.1, 0.5));
            assertThrows(IllegalArgumentException.class, () -> new Bm25Retriever(index, Double.NaN, 0.5));
            assertThrows(IllegalArgumentException.class, () -> new Bm25Retriever(index, 1.2, 1.5));
        }
    }
}
