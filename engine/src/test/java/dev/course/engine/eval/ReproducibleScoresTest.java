package dev.course.engine.eval;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.JdkApiCorpus;
import dev.course.engine.corpus.JdkQuestions;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.embed.ModelSpec;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.VectorRetriever;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The search lessons' pipeline gives the same scores to the last digit every time: embedding is
 * independent of thread scheduling and of which texts share a batch, the HNSW graph is built the
 * same way from the same vectors, and fusion breaks ties by first appearance. (Timings are not
 * compared: they are the one column that varies.)
 */
class ReproducibleScoresTest {

    /** The lessons' pipeline on the JDK sample: BM25, dense HNSW and their RRF fusion, every score. */
    private static List<String> scores(List<Document> docs, EmbeddingModel model) throws Exception {
        try (ChunkIndex index = ChunkIndex.inMemory(docs.stream().map(Chunk::whole).toList(), model)) {
            var bm25 = new Bm25Retriever(index);
            var dense = new VectorRetriever(index, model);
            var report = PipelineEvaluation.evaluate(JdkQuestions.dataset(docs), List.of(bm25, dense, HybridRetriever.rrf(bm25, dense)));
            return report.rows().stream()
                    .map(r -> r.pipeline() + " " + r.ndcg10() + " " + r.recall100() + " " + r.mrr() + " " + r.map()).toList();
        }
    }

    @Test
    void thePipelineRunTwiceGivesTheSameScoresToTheLastDigit() throws Exception {
        List<Document> docs = JdkApiCorpus.sample().documents();
        List<String> first = scores(docs, EmbeddingModel.miniLm());
        try (EmbeddingModel oneThread = EmbeddingModel.load(ModelSpec.ALL_MINILM_L6_V2, 1, EmbeddingModel.DEFAULT_LONG_TEXT_POLICY)) {
            List<String> again = scores(docs, oneThread);
            assertEquals(first, again, "a second model instance, one thread instead of several, a second index");
        }
    }

    @Test
    void aTextsVectorDoesNotDependOnTheOtherTextsOfItsBatch() {
        List<String> texts = JdkApiCorpus.sample().documents().stream().limit(40).map(d -> Chunk.whole(d).indexText()).toList();
        EmbeddingModel model = EmbeddingModel.miniLm();
        List<float[]> together = model.embedAll(texts);
        for (int i = 0; i < texts.size(); i += 13) {
            assertArrayEquals(together.get(i), model.embed(texts.get(i)), "text " + i + " alone and among 40");
        }
    }
}
