package dev.course.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.bench.KnnBenchmark;
import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.CorpusIndex;
import dev.course.engine.corpus.Encoder;
import dev.course.engine.corpus.JdkApiCorpus;
import dev.course.engine.embed.EmbeddingCache;
import dev.course.engine.eval.CranfieldReader;
import dev.course.engine.eval.EvalQuery;
import dev.course.engine.index.HnswConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course bench knn [--json]}: approximate (HNSW) against exact nearest-neighbour search over
 * 100,000 real 384-dimensional embeddings: recall@10 of the graph against the exact answer, queries
 * per second of both on one thread, the speedup, and the time to build the graph.
 *
 * <p>The vectors are all-MiniLM-L6-v2 embeddings of 8-16-word windows of the JDK's Javadoc (or of
 * the Cranfield abstracts, with {@code --dataset cranfield:PATH}); 300 further windows, not indexed,
 * are the queries (Cranfield: its 225 queries). Embedding them takes minutes, so the vectors are
 * kept in {@code ~/.cache/course/bench} and reused. The text output sweeps the candidate count for
 * float32 and int8 graphs; {@code --json} prints one line for the operating point, the fastest
 * setting with recall@10 of at least {@code --min-recall} (0.95):
 * {@code {"bench": "knn", "vectors": …, "recall@10": …, "hnsw_qps": …, "exact_qps": …, "speedup": …, …}}.
 */
@Command(name = "knn", mixinStandardHelpOptions = true,
        description = "HNSW vs exact search on 100k x 384 real embeddings: recall@10, QPS of both, speedup, build time.")
public final class BenchKnnCommand implements Callable<Integer> {

    static final int JDK_QUERIES = 300;

    @Mixin
    JsonOption json;

    @Option(names = "--vectors", paramLabel = "N", defaultValue = "100000", description = "How many vectors (default: ${DEFAULT-VALUE}).")
    int vectors;

    @Option(names = "--dataset", paramLabel = "cranfield:PATH", description = "Cranfield windows and queries instead of the JDK's Javadoc.")
    String dataset;

    @Option(names = "--min-recall", defaultValue = "0.95", description = "Recall@10 the operating point must reach (default: ${DEFAULT-VALUE}).")
    double minRecall;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where embedded vectors are kept (default: ~/.cache/course/bench).")
    Path cacheDir;

    /** The texts to embed: the collection and the queries. */
    record Texts(String source, List<String> base, List<String> queries) {
    }

    @Override
    public Integer call() throws Exception {
        Path cache = cacheDir != null ? cacheDir : Path.of(System.getProperty("user.home"), ".cache", "course", "bench");
        Files.createDirectories(cache);
        String source = dataset == null ? "jdk" : "cranfield";
        var model = Encoder.MINILM.model();
        Path file = cache.resolve("knn-" + source + "-" + vectors + "-" + model.name() + ".vectors");
        Path queryFile = cache.resolve("knn-" + source + "-" + vectors + "-" + model.name() + ".queries");
        List<float[]> base;
        List<float[]> queries;
        try (var progress = ProgressBar.onStderr()) {
            if (Files.isRegularFile(file) && Files.isRegularFile(queryFile)) {
                progress.message("reusing the embedded vectors in " + file);
                base = EmbeddingCache.read(file);
                queries = EmbeddingCache.read(queryFile);
            } else {
                Texts texts = texts(progress);
                if (texts == null) {
                    return 0;
                }
                base = CorpusIndex.embed(model, texts.base(), progress);
                queries = model.embedQueries(texts.queries());
                EmbeddingCache.write(file, base);
                EmbeddingCache.write(queryFile, queries);
            }
        }
        KnnBenchmark.Result result;
        Path work = Files.createTempDirectory("course-bench-knn");
        try (var progress = ProgressBar.onStderr();
             var _ = progress.ticker("building float32 and int8 HNSW graphs of " + base.size()
                     + " vectors, then timing " + queries.size() + " queries per setting")) {
            result = KnnBenchmark.run(base, queries, List.of(HnswConfig.DEFAULT, HnswConfig.DEFAULT.withScalarQuantization(true)),
                    KnnBenchmark.DEFAULT_CANDIDATES, work);
        } finally {
            IndexFiles.delete(work);
        }
        KnnBenchmark.Row point = result.fastestWithRecall(minRecall)
                .orElseGet(() -> result.rows().stream().max(Comparator.comparingDouble(KnnBenchmark.Row::recallAt10)).orElseThrow());
        if (json.on()) {
            var line = new LinkedHashMap<String, Object>();
            line.put("bench", "knn");
            line.put("source", source);
            line.put("vectors", result.vectors());
            line.put("dimension", result.dimension());
            line.put("queries", result.queries());
            line.put("index", point.index());
            line.put("candidates", point.candidates());
            line.put("recall@10", Math.round(point.recallAt10() * 10_000) / 10_000.0);
            line.put("hnsw_qps", Math.round(point.hnswQps()));
            line.put("exact_qps", Math.round(point.exactQps()));
            line.put("speedup", Math.round(point.speedup() * 10) / 10.0);
            line.put("build_seconds", Math.round(result.buildSeconds().getOrDefault(point.index(), 0.0) * 10) / 10.0);
            line.put("min_recall", minRecall);
            System.out.println(new ObjectMapper().writeValueAsString(line));
        } else {
            System.out.print(result.table());
            System.out.printf(Locale.ROOT, "operating point (fastest with recall@10 >= %.2f): %s, %d candidates: recall@10 %.4f, "
                            + "%.0f QPS against %.0f exact, %.1fx%n", minRecall, point.index(), point.candidates(),
                    point.recallAt10(), point.hnswQps(), point.exactQps(), point.speedup());
        }
        return 0;
    }

    /** The texts to embed, or null (after saying why) when the named dataset is absent. */
    private Texts texts(ProgressBar progress) throws Exception {
        if (dataset != null) {
            if (!dataset.startsWith("cranfield:")) {
                throw new UserError("--dataset must be cranfield:PATH");
            }
            Path dir = Path.of(dataset.substring("cranfield:".length()));
            if (!CranfieldReader.isPresent(dir)) {
                System.err.println("bench knn: no Cranfield collection at " + dir.toAbsolutePath() + ": skipped");
                return null;
            }
            var cranfield = CranfieldReader.read(dir);
            return new Texts("cranfield", KnnBenchmark.cranfieldTexts(cranfield.documents(), vectors),
                    cranfield.queries().stream().map(EvalQuery::text).toList());
        }
        List<Document> docs = JdkApiCorpus.all().documents(progress);
        List<String> windows = KnnBenchmark.cranfieldTexts(docs, vectors + JDK_QUERIES);
        // Every (n/300)-th window is a query and is not indexed: queries like the data, never equal to it.
        int every = windows.size() / JDK_QUERIES;
        var base = new ArrayList<String>();
        var queries = new ArrayList<String>();
        for (int i = 0; i < windows.size(); i++) {
            (i % every == every / 2 && queries.size() < JDK_QUERIES ? queries : base).add(windows.get(i));
        }
        return new Texts("jdk", base.subList(0, Math.min(vectors, base.size())), queries);
    }
}
