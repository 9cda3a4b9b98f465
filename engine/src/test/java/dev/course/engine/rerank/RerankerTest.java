package dev.course.engine.rerank;

import dev.course.engine.TestCorpus;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.SearchResults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RerankerTest {

    static ChunkIndex index;

    @BeforeAll
    static void build() {
        index = ChunkIndex.inMemory(TestCorpus.chunks());
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    /** BM25 ranks "capital" documents by length alone here; the rerankers must pick the one about Japan. */
    static final String QUERY = "the capital city of Japan";

    @Test
    void denseRescoringReordersBm25Candidates() {
        var first = new Bm25Retriever(index);
        SearchResults candidates = first.search(QUERY, 20);
        var reranked = new DenseRescoringReranker(EmbeddingModel.bgeSmall()).rerank(QUERY, candidates);
        assertEquals("tokyo", reranked.get(0).chunk().id());
        assertEquals(new HashSet<>(candidates.chunkIds()), new HashSet<>(reranked.chunkIds()), "same candidates");
        assertTrue(reranked.get(0).score() >= reranked.get(1).score());
    }

    @Test
    void maxSimScoresEveryQueryTokenAgainstItsBestPassageToken() {
        var maxSim = new MaxSimReranker(EmbeddingModel.miniLm());
        var pipeline = new RerankingRetriever(new Bm25Retriever(index), maxSim, 20);
        SearchResults results = pipeline.search(QUERY, 3);
        assertEquals("tokyo", results.get(0).chunk().id());
        assertEquals(3, results.size());
        assertTrue(pipeline.name().contains("maxsim(all-MiniLM-L6-v2)@20"));

        // The score of a text with itself is 1: every token finds itself.
        var tv = EmbeddingModel.miniLm().tokenVectors("late interaction");
        assertEquals(1.0f, MaxSimReranker.maxSim(tv.vectors(), tv.vectors()), 1e-5f);
        var other = EmbeddingModel.miniLm().tokenVectors("baking bread");
        assertTrue(MaxSimReranker.maxSim(tv.vectors(), other.vectors()) < 0.9f);
    }

    @Test
    void crossEncoderSaysWhichFileIsMissing(@TempDir Path dir) throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> CrossEncoderReranker.load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("model.onnx (missing)"), e.getMessage());
        assertTrue(e.getMessage().contains("tokenizer.json (missing)"), e.getMessage());

        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        var onlyTokenizer = assertThrows(IllegalArgumentException.class, () -> CrossEncoderReranker.load(dir));
        assertTrue(onlyTokenizer.getMessage().contains("model.onnx (missing)"));
        assertTrue(onlyTokenizer.getMessage().contains("tokenizer.json (found)"));
    }

    @Test
    void validatesCandidateCounts() {
        assertThrows(IllegalArgumentException.class,
                () -> new RerankingRetriever(new Bm25Retriever(index), new MaxSimReranker(EmbeddingModel.miniLm()), 0));
    }
}
