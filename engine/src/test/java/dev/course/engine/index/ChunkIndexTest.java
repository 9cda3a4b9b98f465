package dev.course.engine.index;

import dev.course.engine.TestCorpus;
import dev.course.engine.chunk.Chunk;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.ExactVectorRetriever;
import dev.course.engine.search.VectorRetriever;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkIndexTest {

    @TempDir
    Path tmp;

    @Test
    void persistsToDiskAndReopensWithoutReEmbedding() throws Exception {
        EmbeddingModel model = EmbeddingModel.miniLm();
        List<Chunk> chunks = TestCorpus.chunks();
        List<float[]> expected = model.embedAll(chunks.stream().map(Chunk::indexText).toList());
        Path dir = tmp.resolve("index");
        try (var index = ChunkIndex.create(dir, chunks, model, HnswConfig.DEFAULT)) {
            assertEquals(chunks.size(), index.size());
        }
        // Reopened with no model at all: the vectors come from disk.
        try (var reopened = ChunkIndex.open(dir)) {
            assertEquals("all-MiniLM-L6-v2", reopened.embeddingModel().orElseThrow());
            float[][] vectors = reopened.vectors();
            for (int doc = 0; doc < vectors.length; doc++) {
                Chunk chunk = reopened.chunk(doc);
                assertArrayEquals(expected.get(chunks.indexOf(chunk)), vectors[doc], 1e-6f);
            }
            float[] query = model.embedQuery("Which city is the capital of Japan?");
            var hnsw = new VectorRetriever(reopened, null).search("q", query, 3);
            assertEquals("tokyo", hnsw.get(0).chunk().documentId());
            assertEquals("tokyo", new Bm25Retriever(reopened).search("capital of Japan", 1).get(0).chunk().id());
        }
    }

    @Test
    void storesChunksWithTheirSpans() {
        try (var index = ChunkIndex.inMemory(TestCorpus.chunks())) {
            var bm25 = new Bm25Retriever(index).search("espresso coffee", 1);
            Chunk chunk = bm25.get(0).chunk();
            assertEquals("coffee", chunk.documentId());
            assertEquals(0, chunk.span().start());
            assertEquals(chunk.text().length(), chunk.span().end());
            assertEquals("test-corpus", chunk.source());
            assertFalse(index.hasVectors());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesQueriesFromAnotherModelAndExistingDirectories() throws Exception {
        Path dir = tmp.resolve("minilm");
        try (var index = ChunkIndex.create(dir, TestCorpus.chunks(), EmbeddingModel.miniLm(), HnswConfig.DEFAULT)) {
            var e = assertThrows(IllegalArgumentException.class, () -> new VectorRetriever(index, EmbeddingModel.bgeSmall()));
            assertTrue(e.getMessage().contains("all-MiniLM-L6-v2"));
        }
        assertThrows(IllegalArgumentException.class,
                () -> ChunkIndex.create(dir, TestCorpus.chunks(), EmbeddingModel.miniLm(), HnswConfig.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> ChunkIndex.open(tmp.resolve("nothing-here")));
    }

    @Test
    void scalarQuantizedIndexFindsTheSameNeighbours() throws Exception {
        EmbeddingModel model = EmbeddingModel.bgeSmall();
        var config = new HnswConfig(8, 50, true);
        try (var index = ChunkIndex.create(tmp.resolve("q"), TestCorpus.chunks(), model, config)) {
            var hnsw = new VectorRetriever(index, model);
            var exact = new ExactVectorRetriever(index, model);
            for (String q : List.of("a pet that purrs", "capital of Germany", "how do vaccines work", "space exploration on the red planet")) {
                assertEquals(exact.search(q, 1).chunkIds(), hnsw.search(q, 1).chunkIds(), q);
            }
        }
    }

    @Test
    void validatesHnswParameters() {
        assertThrows(IllegalArgumentException.class, () -> new HnswConfig(1, 100, false));
        assertThrows(IllegalArgumentException.class, () -> new HnswConfig(16, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new HnswConfig(10_000, 100, false));
        assertEquals(16, HnswConfig.DEFAULT.maxConn());
        assertEquals(100, HnswConfig.DEFAULT.beamWidth());
    }
}
