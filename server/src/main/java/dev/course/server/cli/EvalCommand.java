package dev.course.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.CorpusIndex;
import dev.course.engine.corpus.Encoder;
import dev.course.engine.corpus.JdkApiCorpus;
import dev.course.engine.corpus.JdkFullQuestions;
import dev.course.engine.corpus.JdkQuestions;
import dev.course.engine.eval.BeirReader;
import dev.course.engine.eval.CranfieldReader;
import dev.course.engine.eval.Dataset;
import dev.course.engine.eval.DevTestSplit;
import dev.course.engine.eval.FusionWeights;
import dev.course.engine.eval.PipelineEvaluation;
import dev.course.engine.eval.Rm3Tuning;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.index.HnswConfig;
import dev.course.engine.rerank.CrossEncoderReranker;
import dev.course.engine.rerank.MaxSimReranker;
import dev.course.engine.rerank.RerankingRetriever;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.CandidateVectorRetriever;
import dev.course.engine.search.Fusion;
import dev.course.engine.search.LuceneBm25Retriever;
import dev.course.engine.search.Rm3Retriever;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.LastQueryRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.VectorFeedbackRetriever;
import dev.course.engine.search.VectorRetriever;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course eval --dataset cranfield:PATH|beir:PATH|jdk-questions|jdk-full [--json]}: the standard
 * pipelines on a judged collection, one row each with nDCG@10, Recall@100 and MRR (and MAP; with
 * {@code --json} also success@10 and MRR@10, the numbers of one page of results).
 *
 * <p>{@code jdk-full} is {@link JdkFullQuestions} over the whole JDK corpus (about 54,000 documents):
 * its documents are not embedded here but read from the corpus's cached index
 * ({@code ./course index --corpus jdk}, built first if missing, minutes; or {@code --index DIR}), so
 * the dense rows use that index's BGE vectors. The cache holds no MiniLM vectors of the corpus, so the
 * rows that need them ({@code dense-minilm}, {@code hybrid3}, {@code hybrid3+rm3}, {@code dense-minilm+prf}
 * and their {@code @test} rows) are left out for it, and the capstone's steps are added
 * ({@link JdkFullPipelines}: {@code jdk-…} rows, and {@code hybrid@test} to compare them with),
 * ending with {@code jdk-engine@test}, the pipeline {@code ./course search --corpus jdk} runs.
 * {@code --engine-only} scores that engine alone, on the development half too ({@code jdk-engine@dev}):
 * the quick loop for changing it, judged where it may be tuned.
 *
 * <ul>
 *   <li>{@code bm25}: the course's BM25 (English analysis, k1 = 1.2, b = 0.75, title + text in one
 *       field), the baseline; it ranks exactly as {@code lucene-bm25} does;</li>
 *   <li>{@code dense-minilm}, {@code dense-bge}: HNSW search over all-MiniLM-L6-v2 and bge-small-en-v1.5 vectors;</li>
 *   <li>{@code hybrid}: reciprocal rank fusion of bm25 and dense-bge; {@code hybrid3} adds dense-minilm;</li>
 *   <li>{@code hybrid+rerank}: hybrid's top 100 reranked by MaxSim over BGE token vectors, fused with hybrid's order;</li>
 *   <li>{@code bm25+cross} and {@code hybrid+cross}, when a cross-encoder is installed ({@code ./course models
 *       pull ms-marco-minilm-l6}) or given with {@code --cross-encoder DIR}: BM25's and hybrid's top 100 in
 *       the cross-encoder's order ({@link CrossEncoderPipelines}).</li>
 *   <li>{@code lucene-bm25}: plain Lucene BM25 in its own index, EnglishAnalyzer, title + text in one
 *       field; {@code lucene-bm25f}: the same with title and text in two fields, scores summed;</li>
 *   <li>{@code bm25+rm3}: BM25 with RM3 pseudo-relevance feedback (Anserini's defaults: 10 documents,
 *       10 terms, original query weight 0.5); {@code hybrid3+rm3}: hybrid3 with bm25+rm3 as its keyword part;</li>
 *   <li>{@code dense-bge+prf}, {@code dense-minilm+prf}: dense search with Rocchio feedback on the
 *       vectors ({@link VectorFeedbackRetriever}: the query moved half-way to the mean of its top 3);</li>
 *   <li>rows ending in {@code @test} are measured on the test half of the queries
 *       ({@link DevTestSplit#alternating}: the 2nd, 4th, 6th, … query): {@code bm25@test},
 *       {@code lucene-bm25f@test}, {@code hybrid3@test} and {@code hybrid3+rm3@test} (RRF);
 *       {@code bm25+rm3@test}: RM3 with its parameters chosen on the development half (the 1st, 3rd,
 *       5th, … query) by {@link Rm3Tuning}; and {@code weighted-minmax@test} and
 *       {@code weighted-zscore@test}: that RM3 and the two dense retrievers, with feedback
 *       (dense-bge+prf, dense-minilm+prf) or without, fused by a weighted sum of normalised scores;
 *       the lists and the weights are chosen on the development half ({@link FusionWeights});
 *       {@code weighted-dev-best@test}: the same choice made among more candidates (those lists, the
 *       three with feedback and lucene-bm25f, or the three with feedback and a dense score for every
 *       candidate of RRF(RM3, dense-bge), {@link CandidateVectorRetriever#own}) and both normalisations,
 *       all on the development half ({@link FusionWeights#select}).</li>
 * </ul>
 * The baseline, {@code bm25}, is plain Lucene BM25: {@value #BASELINE}.
 * Documents are indexed whole; nothing is tuned on the queries a row is measured on. When the dataset's folder is absent
 * the command says so and exits with 0, so scripts can run it everywhere.
 * {@code --json}: one line per pipeline, {@code {"pipeline": "bm25", "ndcg@10": …, "recall@100": …, "mrr": …, …}}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score the search pipelines (bm25, plain Lucene BM25, RM3, dense, dense with feedback, hybrid, reranked, weighted fusion on a test half) on a judged collection: nDCG@10, Recall@100, MRR.")
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, paramLabel = "cranfield:PATH|beir:PATH|jdk-questions|jdk-full",
            description = "The collection: the Cranfield files in PATH, a BEIR dataset folder, the course's own JDK questions "
                    + "over the small JDK sample, or its development set over the whole JDK corpus (searched in its cached index).")
    String dataset;

    @Option(names = "--index", paramLabel = "DIR",
            description = "With --dataset jdk-full: the JDK corpus index to search, if not the cached one in ~/.cache/course/indexes/jdk.")
    Path indexDir;

    @Mixin
    JsonOption json;

    @Option(names = "--queries", paramLabel = "N", description = "Only the first N queries (quick runs).")
    Integer maxQueries;

    @Option(names = "--engine-only",
            description = "With --dataset jdk-full: score only the capstone's engine (what search --corpus jdk runs), on the "
                    + "development half (jdk-engine@dev) and the test half (jdk-engine@test): a minute or two, not the whole table.")
    boolean engineOnly;

    @Option(names = "--cross-encoder", paramLabel = "DIR",
            description = "Score bm25+cross and hybrid+cross with this ONNX cross-encoder (model.onnx + tokenizer.json) instead of the installed one.")
    Path crossEncoder;

    /** A pipeline under its short, stable name. */
    record Pipeline(String id, Retriever retriever) {
    }

    /** What the baseline row {@code bm25} is, printed under the table: analyzer, fields, parameters. */
    static final String BASELINE = "Lucene BM25 (k1 = 1.2, b = 0.75), EnglishAnalyzer, title + text in one field, "
            + "every query word a clause (repeats counted), documents whole";

    /** The suffix of the rows measured on the test half of the queries only. */
    static final String TEST_SUFFIX = "@test";

    @Override
    public Integer call() throws Exception {
        if (indexDir != null && !dataset.equals(JdkFullQuestions.NAME)) {
            throw new UserError("--index is for --dataset " + JdkFullQuestions.NAME + " only");
        }
        if (engineOnly && !dataset.equals(JdkFullQuestions.NAME)) {
            throw new UserError("--engine-only is for --dataset " + JdkFullQuestions.NAME + " only");
        }
        if (dataset.equals(JdkFullQuestions.NAME)) {
            JdkApiCorpus corpus = JdkApiCorpus.all();
            try (CorpusIndex index = CorpusIndexes.openOrBuild(corpus, CorpusIndexes.directory(corpus, indexDir),
                    Encoder.BGE, System.err)) {
                if (index.encoder() != Encoder.BGE) {
                    throw new UserError("the JDK index at " + index.directory() + " holds " + index.info().encoder()
                            + " vectors; eval needs BGE's: rebuild it with ./course index --corpus jdk --rebuild");
                }
                Dataset data = limited(JdkFullQuestions.dataset(documentsOf(index.chunks())));
                if (engineOnly) {
                    reportEngine(data, index);
                    return 0;
                }
                try (var steps = new JdkFullPipelines(data, index)) {
                    report(data, index.chunks(), null, steps);
                }
            }
            return 0;
        }
        Dataset data = load(dataset);
        if (data == null) {
            return 0;
        }
        data = limited(data);
        List<Chunk> chunks = data.documents().stream().map(Chunk::whole).toList();
        List<String> texts = chunks.stream().map(Chunk::indexText).toList();
        try (var progress = ProgressBar.onStderr();
             ChunkIndex bgeIndex = ChunkIndex.inMemory(chunks, CorpusIndex.embed(Encoder.BGE.model(), texts, progress),
                     Encoder.BGE.spec().name(), HnswConfig.DEFAULT);
             ChunkIndex miniIndex = ChunkIndex.inMemory(chunks, CorpusIndex.embed(Encoder.MINILM.model(), texts, progress),
                     Encoder.MINILM.spec().name(), HnswConfig.DEFAULT)) {
            report(data, bgeIndex, miniIndex, null);
        }
        return 0;
    }

    private Dataset limited(Dataset data) {
        return maxQueries == null ? data : data.firstQueries(maxQueries);
    }

    /** The documents an index holds, one per chunk: the JDK corpus's documents are indexed whole. */
    static List<Document> documentsOf(ChunkIndex index) {
        var documents = new ArrayList<Document>(index.size());
        for (int doc = 0; doc < index.size(); doc++) {
            Chunk chunk = index.chunk(doc);
            documents.add(new Document(chunk.documentId(), chunk.title(), chunk.text(), chunk.source()));
        }
        return documents;
    }

    /**
     * Scores every pipeline on {@code data} and prints the table (or one JSON line per row).
     * {@code miniIndex} may be null: the rows that need MiniLM's vectors are then left out;
     * {@code jdkSteps}, for jdk-full only, adds the capstone's rows.
     */
    private void report(Dataset data, ChunkIndex bgeIndex, ChunkIndex miniIndex, JdkFullPipelines jdkSteps) throws Exception {
        var rows = new ArrayList<PipelineEvaluation.Row>();
        var descriptions = new ArrayList<String>();
        try (var progress = ProgressBar.onStderr();
             CrossEncoderReranker cross = CrossEncoderPipelines.open(crossEncoder, System.err).orElse(null)) {
            var onAll = new ArrayList<>(pipelines(data, bgeIndex, miniIndex, cross));
            if (jdkSteps != null) {
                onAll.addAll(jdkSteps.onAllQueries());
            }
            for (Pipeline pipeline : onAll) {
                evaluate(data, pipeline, progress, rows, descriptions);
            }
            if (data.queries().size() >= 2) {
                DevTestSplit split = DevTestSplit.alternating(data);
                var onTest = new ArrayList<>(testHalfPipelines(data, split.dev(), bgeIndex, miniIndex, progress));
                if (jdkSteps != null) {
                    onTest.add(new Pipeline("hybrid" + TEST_SUFFIX,
                            HybridRetriever.rrf(new Bm25Retriever(bgeIndex), new VectorRetriever(bgeIndex, Encoder.BGE.model()))));
                    onTest.addAll(jdkSteps.onTestHalf(split.dev(), progress));
                }
                for (Pipeline pipeline : onTest) {
                    evaluate(split.test(), pipeline, progress, rows, descriptions);
                }
            }
        }
        if (!json.on()) {
            System.out.print(new PipelineEvaluation.Report(data.name(), data.queries().size(), rows));
            System.out.println("  baseline bm25: " + BASELINE);
            descriptions.forEach(d -> System.out.println("  " + d));
            if (miniIndex == null) {
                System.out.println("  no MiniLM vectors of this corpus: dense-minilm, hybrid3 and the rows fusing them are left out");
            }
        }
    }

    /**
     * {@code --engine-only}: the engine alone ({@link JdkFullPipelines#engine}) on each half, so that
     * a change to it can be judged on the development half, and its failures read there, in a minute
     * or two instead of the whole table's ten.
     */
    private void reportEngine(Dataset data, CorpusIndex index) throws Exception {
        if (data.queries().size() < 2) {
            throw new UserError("--engine-only needs at least 2 queries, one for each half");
        }
        DevTestSplit split = DevTestSplit.alternating(data);
        EvalCommand.Pipeline engine = JdkFullPipelines.engine(index);
        var rows = new ArrayList<PipelineEvaluation.Row>();
        var descriptions = new ArrayList<String>();
        try (var progress = ProgressBar.onStderr()) {
            evaluate(split.dev(), new Pipeline("jdk-engine@dev", engine.retriever()), progress, rows, descriptions);
            evaluate(split.test(), engine, progress, rows, descriptions);
        }
        if (!json.on()) {
            System.out.print(new PipelineEvaluation.Report(data.name(), data.queries().size(), rows));
            descriptions.forEach(d -> System.out.println("  " + d));
        }
    }

    private void evaluate(Dataset data, Pipeline pipeline, ProgressBar progress, List<PipelineEvaluation.Row> rows,
                          List<String> descriptions) throws Exception {
        int total = data.queries().size();
        PipelineEvaluation.Row row = PipelineEvaluation.evaluate(data, pipeline.retriever(),
                done -> progress.update("evaluating " + pipeline.id(), done, total));
        rows.add(new PipelineEvaluation.Row(pipeline.id(), row.ndcg10(), row.recall100(), row.mrr(), row.map(),
                row.secondsPerQuery(), row.success10(), row.mrr10()));
        descriptions.add(pipeline.id() + " = " + pipeline.retriever().name() + ", " + total + " queries");
        if (json.on()) {
            printJson(data, pipeline, rows.getLast());
        }
    }

    /** The dataset, or null (after saying why) when its files are absent. */
    static Dataset load(String spec) throws Exception {
        if (spec.equals("jdk-questions")) {
            return JdkQuestions.dataset();
        }
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw new UserError("--dataset must be cranfield:PATH, beir:PATH, jdk-questions or jdk-full, got " + spec);
        }
        String kind = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        Path dir = Path.of(spec.substring(colon + 1));
        switch (kind) {
            case "cranfield" -> {
                if (!CranfieldReader.isPresent(dir)) {
                    System.err.println("eval: no Cranfield collection at " + dir.toAbsolutePath() + " ("
                            + CranfieldReader.DOCUMENTS + ", " + CranfieldReader.QUERIES + ", " + CranfieldReader.JUDGEMENTS
                            + "): skipped");
                    return null;
                }
                return CranfieldReader.read(dir);
            }
            case "beir" -> {
                if (!BeirReader.isPresent(dir, BeirReader.DEFAULT_SPLIT)) {
                    System.err.println("eval: no BEIR dataset at " + dir.toAbsolutePath()
                            + " (corpus.jsonl, queries.jsonl, qrels/" + BeirReader.DEFAULT_SPLIT + ".tsv): skipped");
                    return null;
                }
                return BeirReader.read(dir);
            }
            default -> throw new UserError("unknown dataset kind '" + kind + "': expected cranfield or beir");
        }
    }

    static List<Pipeline> pipelines(Dataset data, ChunkIndex bgeIndex, ChunkIndex miniIndex, CrossEncoderReranker cross) {
        var bm25 = new Bm25Retriever(bgeIndex);
        var bge = new VectorRetriever(bgeIndex, Encoder.BGE.model());
        var mini = miniIndex == null ? null : new VectorRetriever(miniIndex, Encoder.MINILM.model());
        var rm3 = new Rm3Retriever(bgeIndex);
        var hybrid = HybridRetriever.rrf(bm25, bge);
        var list = new ArrayList<Pipeline>();
        list.add(new Pipeline("bm25", bm25));
        if (mini != null) {
            list.add(new Pipeline("dense-minilm", mini));
        }
        list.add(new Pipeline("dense-bge", bge));
        list.add(new Pipeline("hybrid", hybrid));
        if (mini != null) {
            list.add(new Pipeline("hybrid3", HybridRetriever.rrf(bm25, bge, mini)));
        }
        list.add(new Pipeline("hybrid+rerank",
                new RerankingRetriever(hybrid, new MaxSimReranker(Encoder.BGE.model())).fusedWithFirstStage()));
        list.addAll(CrossEncoderPipelines.of(bm25, hybrid, cross));
        list.add(new Pipeline("lucene-bm25", new LuceneBm25Retriever(data.documents(), LuceneBm25Retriever.Fields.TITLE_AND_TEXT)));
        list.add(new Pipeline("lucene-bm25f", new LuceneBm25Retriever(data.documents(), LuceneBm25Retriever.Fields.TITLE_PLUS_TEXT)));
        list.add(new Pipeline("bm25+rm3", rm3));
        if (mini != null) {
            list.add(new Pipeline("hybrid3+rm3", HybridRetriever.rrf(rm3, bge, mini)));
        }
        list.addAll(denseFeedbackPipelines(bgeIndex, miniIndex));
        return list;
    }

    /** Dense search with Rocchio feedback on the vectors, one row per encoder. */
    static List<Pipeline> denseFeedbackPipelines(ChunkIndex bgeIndex, ChunkIndex miniIndex) {
        var bge = new Pipeline("dense-bge+prf", new VectorFeedbackRetriever(bgeIndex, Encoder.BGE.model()));
        return miniIndex == null ? List.of(bge) : List.of(bge,
                new Pipeline("dense-minilm+prf", new VectorFeedbackRetriever(miniIndex, Encoder.MINILM.model())));
    }

    /**
     * The pipelines scored on the test half: the keyword baselines and RRF for comparison, and the
     * weighted fusions of bm25+rm3, dense-bge and dense-minilm with weights chosen on {@code dev}.
     */
    static List<Pipeline> testHalfPipelines(Dataset data, Dataset dev, ChunkIndex bgeIndex, ChunkIndex miniIndex,
                                            ProgressBar progress) {
        var bm25 = new Bm25Retriever(bgeIndex);
        var bge = new VectorRetriever(bgeIndex, Encoder.BGE.model());
        var mini = miniIndex == null ? null : new VectorRetriever(miniIndex, Encoder.MINILM.model());
        var rm3 = new Rm3Retriever(bgeIndex);
        var list = new ArrayList<Pipeline>();
        list.add(new Pipeline("bm25" + TEST_SUFFIX, bm25));
        list.add(new Pipeline("lucene-bm25f" + TEST_SUFFIX,
                new LuceneBm25Retriever(data.documents(), LuceneBm25Retriever.Fields.TITLE_PLUS_TEXT)));
        if (mini != null) {
            list.add(new Pipeline("hybrid3" + TEST_SUFFIX, HybridRetriever.rrf(bm25, bge, mini)));
            list.add(new Pipeline("hybrid3+rm3" + TEST_SUFFIX, HybridRetriever.rrf(rm3, bge, mini)));
        }
        progress.update("choosing RM3's parameters on the development half", 0, 1);
        Rm3Tuning.Choice rm3Choice = Rm3Tuning.choose(dev, bgeIndex);
        Rm3Retriever tunedRm3 = rm3Choice.retriever(bgeIndex);
        list.add(new Pipeline("bm25+rm3" + TEST_SUFFIX, tunedRm3));
        // Which lists to fuse is chosen on the development half too: the dense retrievers with
        // feedback, or without it (feedback that learns from wrong top documents can hurt).
        var withFeedback = new ArrayList<Retriever>(List.of(tunedRm3, new VectorFeedbackRetriever(bgeIndex, Encoder.BGE.model())));
        var withoutFeedback = new ArrayList<Retriever>(List.of(tunedRm3, bge));
        if (mini != null) {
            withFeedback.add(new VectorFeedbackRetriever(miniIndex, Encoder.MINILM.model()));
            withoutFeedback.add(mini);
        }
        List<List<Retriever>> candidates = List.of(withFeedback, withoutFeedback);
        for (Fusion.Normalisation normalisation : Fusion.Normalisation.values()) {
            String id = "weighted-" + (normalisation == Fusion.Normalisation.MIN_MAX ? "minmax" : "zscore") + TEST_SUFFIX;
            progress.update("choosing the lists and weights of " + id + " on the development half", 0, 1);
            FusionWeights.Selection best = FusionWeights.select(dev, candidates, List.of(normalisation), FusionWeights.DEFAULT_STEP);
            list.add(new Pipeline(id, best.retriever()));
        }
        // One more candidate, the fielded keyword list beside the three, and the normalisation chosen
        // on the development half too: the row a strict choice by development score would ship.
        var withFields = new ArrayList<>(withFeedback);
        withFields.add(new LuceneBm25Retriever(data.documents(), LuceneBm25Retriever.Fields.TITLE_PLUS_TEXT));
        // And the lists with feedback, the nearest vectors' list replaced by a dense score for every
        // candidate of RRF(RM3, BGE): a candidate that only keywords found gets its cosine too,
        // instead of 0 after normalisation.
        var withDenseOf = new ArrayList<>(withFeedback);
        withDenseOf.add(1, CandidateVectorRetriever.own(new LastQueryRetriever(HybridRetriever.rrf(tunedRm3, bge)),
                bgeIndex, Encoder.BGE.model()));
        progress.update("choosing the lists, normalisation and weights of weighted-dev-best" + TEST_SUFFIX, 0, 1);
        FusionWeights.Selection chosen = FusionWeights.select(dev, List.of(withFeedback, withoutFeedback, withFields, withDenseOf),
                List.of(Fusion.Normalisation.values()), FusionWeights.DEFAULT_STEP);
        list.add(new Pipeline("weighted-dev-best" + TEST_SUFFIX, chosen.retriever()));
        return list;
    }

    private static void printJson(Dataset data, Pipeline pipeline, PipelineEvaluation.Row row) throws Exception {
        var line = new LinkedHashMap<String, Object>();
        line.put("pipeline", pipeline.id());
        line.put("ndcg@10", round(row.ndcg10()));
        line.put("recall@100", round(row.recall100()));
        line.put("mrr", round(row.mrr()));
        line.put("map", round(row.map()));
        line.put("success@10", round(row.success10()));
        line.put("mrr@10", round(row.mrr10()));
        line.put("ms_per_query", Math.round(row.secondsPerQuery() * 10_000) / 10.0);
        line.put("queries", data.queries().size());
        line.put("dataset", data.name());
        line.put("description", pipeline.id().equals("bm25")
                ? pipeline.retriever().name() + ": " + BASELINE : pipeline.retriever().name());
        System.out.println(new ObjectMapper().writeValueAsString(line));
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
