package dev.course.engine.eval;

import dev.course.engine.TestCorpus;
import dev.course.engine.chunk.Chunk;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.VectorRetriever;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineEvaluationTest {

    static Path cranfield() {
        return Path.of(System.getProperty("course.shared", "../shared"), "datasets", "cranfield");
    }

    /** Paraphrased queries over the test corpus, one relevant document each. */
    static Dataset smallDataset() {
        var queries = List.of(
                new EvalQuery("q1", "a young cat asleep"),
                new EvalQuery("q2", "landing people on the lunar surface"),
                new EvalQuery("q3", "ranking formula with term frequency and document length"),
                new EvalQuery("q4", "money and interest rates"));
        var qrels = new Qrels(Map.of("q1", Map.of("kitten", 2), "q2", Map.of("moon", 2),
                "q3", Map.of("bm25", 2, "tfidf", 1), "q4", Map.of("stock", 2)));
        return new Dataset("test-corpus", TestCorpus.DOCUMENTS, queries, qrels);
    }

    @Test
    void scoresPipelinesOnJudgedQueries() throws Exception {
        Dataset dataset = smallDataset();
        EmbeddingModel model = EmbeddingModel.bgeSmall();
        try (var index = ChunkIndex.inMemory(dataset.documents().stream().map(Chunk::whole).toList(), model)) {
            var bm25 = new Bm25Retriever(index);
            var dense = new VectorRetriever(index, model);
            var report = PipelineEvaluation.evaluate(dataset, List.of(bm25, dense, HybridRetriever.rrf(bm25, dense)));
            assertEquals(3, report.rows().size());
            var denseRow = report.row(dense.name());
            assertEquals(1.0, denseRow.mrr(), 1e-9, "BGE puts the relevant document first for every paraphrase");
            assertEquals(1.0, denseRow.recall100(), 1e-9);
            assertTrue(report.row("bm25").ndcg10() < denseRow.ndcg10(), report.toString());
            assertTrue(report.toString().contains("nDCG@10"));
            assertTrue(report.render().data().get("text/html").contains("<table"));
        }
    }

    @Test
    void bm25OnCranfieldScoresLikeTheLiterature() throws Exception {
        Assumptions.assumeTrue(CranfieldReader.isPresent(cranfield()), "Cranfield not found at " + cranfield() + ": skipped");
        Dataset cranfield = CranfieldReader.read(cranfield());
        try (var index = ChunkIndex.inMemory(cranfield.documents().stream().map(Chunk::whole).toList())) {
            var row = PipelineEvaluation.evaluate(cranfield, new Bm25Retriever(index));
            // Published BM25 runs on Cranfield land around nDCG@10 0.35 to 0.40 with graded judgements.
            assertTrue(row.ndcg10() > 0.33 && row.ndcg10() < 0.42, "nDCG@10 " + row.ndcg10());
            assertTrue(row.recall100() > 0.6, "R@100 " + row.recall100());
        }
    }

    /** The full comparison: minutes, so a benchmark. */
    @Test
    @Tag("benchmark")
    void standardPipelinesOnCranfield() throws Exception {
        Assumptions.assumeTrue(CranfieldReader.isPresent(cranfield()), "Cranfield not found at " + cranfield() + ": skipped");
        var report = PipelineEvaluation.standard(CranfieldReader.read(cranfield()));
        System.out.println(report);
        double bm25 = report.rows().getFirst().ndcg10();
        assertTrue(report.best().ndcg10() >= 1.15 * bm25, report.toString());
    }
}
