package dev.course.engine.eval;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.rerank.MaxSimReranker;
import dev.course.engine.rerank.RerankingRetriever;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.VectorRetriever;
import dev.course.engine.table.Table;
import dev.course.engine.table.Tabular;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs search pipelines over a test collection and scores each with nDCG@10, Recall@100, MRR and
 * MAP, averaged over the queries: the table that tells whether dense, hybrid or reranked search is
 * actually better than BM25 on this data.
 *
 * <p>Documents are indexed whole (one chunk each), so a hit's document is the judged unit. Nothing
 * here is tuned on the queries: BM25 uses Lucene's defaults (k1 = 1.2, b = 0.75), fusion uses
 * reciprocal rank with k = 60 over the top 100 of each list, rerankers see the top 100.
 *
 * <p>Command line: {@code PipelineEvaluation <cranfield-dir | beir-dir> [max-queries]}.
 */
public final class PipelineEvaluation {

    /** The cut-offs reported. */
    public static final int NDCG_AT = 10;
    public static final int RECALL_AT = 100;

    /**
     * One pipeline's averages over the queries. {@code success10} (a relevant document in the top 10)
     * and {@code mrr10} (MRR counting only the top 10) are the numbers of a search box, where a
     * learner reads one page of results; the table prints the first five, {@code --json} all.
     */
    public record Row(String pipeline, double ndcg10, double recall100, double mrr, double map, double secondsPerQuery,
                      double success10, double mrr10) {
    }

    /** The table of all pipelines on one dataset. */
    public record Report(String dataset, int queries, List<Row> rows) implements Tabular {

        public Report {
            rows = List.copyOf(rows);
        }

        public Row row(String pipeline) {
            return rows.stream().filter(r -> r.pipeline().equals(pipeline)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no pipeline " + pipeline));
        }

        /** The row with the highest nDCG@10. */
        public Row best() {
            return rows.stream().max(java.util.Comparator.comparingDouble(Row::ndcg10)).orElseThrow();
        }

        @Override
        public Table table() {
            Row baseline = rows.getFirst();
            var cells = new ArrayList<List<String>>();
            for (Row r : rows) {
                cells.add(List.of(r.pipeline(), f(r.ndcg10()), f(r.recall100()), f(r.mrr()), f(r.map()),
                        String.format(Locale.ROOT, "%.2fx", r.ndcg10() / baseline.ndcg10()),
                        String.format(Locale.ROOT, "%.1f", r.secondsPerQuery() * 1000)));
            }
            return new Table(dataset + ", " + queries + " queries",
                    List.of("pipeline", "nDCG@10", "R@100", "MRR", "MAP", "nDCG vs " + baseline.pipeline(), "ms/query"), cells);
        }

        private static String f(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }

        @Override
        public String toString() {
            return table().toString();
        }
    }

    private PipelineEvaluation() {
    }

    /** Scores every retriever on every query of {@code dataset}; the first retriever is the baseline. */
    public static Report evaluate(Dataset dataset, List<Retriever> pipelines) {
        Objects.requireNonNull(dataset, "dataset");
        var rows = new ArrayList<Row>();
        for (Retriever pipeline : pipelines) {
            rows.add(evaluate(dataset, pipeline));
        }
        return new Report(dataset.name(), dataset.queries().size(), rows);
    }

    public static Row evaluate(Dataset dataset, Retriever pipeline) {
        return evaluate(dataset, pipeline, done -> { });
    }

    /** Like {@link #evaluate(Dataset, Retriever)}, telling {@code queriesDone} how many queries are scored after each. */
    public static Row evaluate(Dataset dataset, Retriever pipeline, java.util.function.IntConsumer queriesDone) {
        double ndcg = 0;
        double recall = 0;
        double mrr = 0;
        double map = 0;
        double success10 = 0;
        double mrr10 = 0;
        long start = System.nanoTime();
        int done = 0;
        for (EvalQuery query : dataset.queries()) {
            List<String> ranking = pipeline.search(query.text(), RECALL_AT).documentIds();
            var gains = dataset.qrels().gains(query.id());
            var relevant = dataset.qrels().relevant(query.id());
            ndcg += Metrics.ndcg(ranking, gains, NDCG_AT);
            recall += Metrics.recall(ranking, relevant, RECALL_AT);
            mrr += Metrics.reciprocalRank(ranking, relevant);
            map += Metrics.averagePrecision(ranking, relevant);
            success10 += Metrics.success(ranking, relevant, NDCG_AT);
            mrr10 += Metrics.reciprocalRank(ranking, relevant, NDCG_AT);
            queriesDone.accept(++done);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = Math.max(1, dataset.queries().size());
        return new Row(pipeline.name(), ndcg / n, recall / n, mrr / n, map / n, seconds / n, success10 / n, mrr10 / n);
    }

    /** The indexes the standard pipelines search: BM25 + BGE vectors in one, MiniLM vectors in the other. */
    public record Indexes(ChunkIndex bge, ChunkIndex miniLm, double secondsToBuild) implements AutoCloseable {

        public static Indexes build(Dataset dataset) {
            long start = System.nanoTime();
            List<Chunk> chunks = dataset.documents().stream().map(Chunk::whole).toList();
            ChunkIndex bge = ChunkIndex.inMemory(chunks, EmbeddingModel.bgeSmall());
            ChunkIndex mini = ChunkIndex.inMemory(chunks, EmbeddingModel.miniLm());
            return new Indexes(bge, mini, (System.nanoTime() - start) / 1e9);
        }

        @Override
        public void close() throws IOException {
            bge.close();
            miniLm.close();
        }
    }

    /**
     * The pipelines the course compares, in this order: BM25 (the baseline), dense MiniLM, dense
     * BGE, hybrid RRF(BM25, BGE), hybrid RRF(BM25, BGE, MiniLM), and hybrid RRF(BM25, BGE) with its
     * top 100 reranked by MaxSim late interaction over BGE token vectors, the reranked order fused
     * back with the first stage's (the bundled encoders are not trained rerankers, so the reranker
     * is used as one more signal rather than as the judge).
     */
    public static List<Retriever> standardPipelines(Indexes indexes) {
        var bm25 = new Bm25Retriever(indexes.bge());
        var bge = new VectorRetriever(indexes.bge(), EmbeddingModel.bgeSmall());
        var mini = new VectorRetriever(indexes.miniLm(), EmbeddingModel.miniLm());
        var hybrid = HybridRetriever.rrf(bm25, bge);
        var hybrid3 = HybridRetriever.rrf(bm25, bge, mini);
        var reranked = new RerankingRetriever(hybrid, new MaxSimReranker(EmbeddingModel.bgeSmall())).fusedWithFirstStage();
        return List.of(bm25, mini, bge, hybrid, hybrid3, reranked);
    }

    /** Builds the indexes and evaluates the standard pipelines. */
    public static Report standard(Dataset dataset) throws IOException {
        try (Indexes indexes = Indexes.build(dataset)) {
            return evaluate(dataset, standardPipelines(indexes));
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: PipelineEvaluation <cranfield-dir | beir-dir> [max-queries]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Dataset dataset;
        if (CranfieldReader.isPresent(dir)) {
            dataset = CranfieldReader.read(dir);
        } else if (BeirReader.isPresent(dir, BeirReader.DEFAULT_SPLIT)) {
            dataset = BeirReader.read(dir);
        } else {
            System.err.println("no Cranfield or BEIR dataset at " + dir.toAbsolutePath() + ": nothing to evaluate");
            return;
        }
        if (args.length > 1) {
            dataset = dataset.firstQueries(Integer.parseInt(args[1]));
        }
        System.out.println(standard(dataset));
    }
}
