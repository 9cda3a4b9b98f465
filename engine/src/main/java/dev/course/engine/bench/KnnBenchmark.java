package dev.course.engine.bench;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.Progress;
import dev.course.engine.embed.EmbeddingCache;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.eval.CranfieldReader;
import dev.course.engine.eval.Dataset;
import dev.course.engine.eval.EvalQuery;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.index.HnswConfig;
import dev.course.engine.search.ExactVectorRetriever;
import dev.course.engine.search.VectorRetriever;
import dev.course.engine.table.Table;
import dev.course.engine.table.Tabular;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Approximate (HNSW) against exact nearest-neighbour search on the same vectors: recall@10 of
 * HNSW with respect to the exact answer, queries per second of both (one thread each), the
 * speedup, and the time to build the graph. Queries run one after another on one thread for
 * both methods.
 *
 * <p>Recall is measured against exact search over the very vectors that were indexed, so it is the
 * graph's recall, independent of how good the embeddings are. It is swept over the number of
 * candidates the graph search collects (Lucene's {@code k}, which is also its beam), the knob that
 * trades speed for recall at query time.
 *
 * <p>Vectors: {@link #cranfieldTexts} cuts the Cranfield abstracts into overlapping word windows,
 * so a 100,000-vector collection is made of real embeddings of real (if fragmentary) text, and
 * the queries are the real Cranfield queries; {@link #run} takes any vectors.
 *
 * <p>Command line: {@code KnnBenchmark <cranfield-dir> [vectors=100000] [cache-file]}; the
 * embeddings are written to the cache file on the first run and read back afterwards.
 */
public final class KnnBenchmark {

    public static final int K = 10;
    /** Candidate counts swept by default. */
    public static final List<Integer> DEFAULT_CANDIDATES = List.of(10, 20, 40, 80, 160);
    /** Each timed pass runs every query this many times, to get past timer resolution. */
    private static final int REPEATS = 3;
    /**
     * Timed passes per measurement; the median is kept, so one pass slowed (or, rarely, sped up) by
     * whatever else the machine is doing moves no number.
     */
    private static final int PASSES = 5;

    /** One row: an index variant searched with one candidate count. */
    public record Row(String index, int candidates, double recallAt10, double hnswQps, double exactQps) {
        public double speedup() {
            return hnswQps / exactQps;
        }
    }

    /**
     * All rows, plus the facts of the run.
     *
     * @param buildSeconds seconds to build each index, by its name as in {@link Row#index()}
     */
    public record Result(int vectors, int dimension, int queries, List<Row> rows, List<String> buildNotes,
                         java.util.Map<String, Double> buildSeconds)
            implements Tabular {

        /** The fastest row whose recall@10 reaches {@code minRecall}, if any. */
        public java.util.Optional<Row> fastestWithRecall(double minRecall) {
            return rows.stream().filter(r -> r.recallAt10() >= minRecall).max(Comparator.comparingDouble(Row::hnswQps));
        }

        @Override
        public Table table() {
            var cells = new ArrayList<List<String>>();
            for (Row r : rows) {
                cells.add(List.of(r.index(), String.valueOf(r.candidates()), f(r.recallAt10(), 4), f(r.hnswQps(), 0),
                        f(r.exactQps(), 0), f(r.speedup(), 1) + "x"));
            }
            return new Table("kNN: " + vectors + " x " + dimension + " vectors, " + queries + " queries, k=" + K
                    + "; " + String.join("; ", buildNotes),
                    List.of("index", "candidates", "recall@10", "HNSW QPS", "exact QPS", "speedup"), cells);
        }

        /** Recall against speed as a chart: one line per index through its candidate counts, exact search dashed. */
        public RecallSpeedChart chart() {
            return new RecallSpeedChart(this);
        }

        @Override
        public String toString() {
            return table().toString();
        }
    }

    private KnnBenchmark() {
    }

    /**
     * Indexes {@code vectors} once per configuration into a fresh directory under {@code workDir},
     * then measures every candidate count.
     */
    public static Result run(List<float[]> vectors, List<float[]> queries, List<HnswConfig> configs,
                             List<Integer> candidateCounts, Path workDir) throws IOException {
        return run(vectors, queries, configs, candidateCounts, workDir, Progress.NONE);
    }

    /**
     * As {@link #run(List, List, List, List, Path)}, reporting to {@code progress} while the graph is
     * built (vectors added) and while it is timed (passes done).
     *
     * <p>How the speeds are measured, so that a table of them shows a trend and not the noise: every
     * search first runs all queries untimed (exact search once, HNSW at every candidate count
     * {@value #REPEATS} times), so the JIT has compiled it; then {@value #PASSES} timed passes take the candidate counts
     * in turn (a burst of load from another process slows one pass of every count, not every pass of
     * one count), and each speed is the median of its passes.
     */
    public static Result run(List<float[]> vectors, List<float[]> queries, List<HnswConfig> configs,
                             List<Integer> candidateCounts, Path workDir, Progress progress) throws IOException {
        var rows = new ArrayList<Row>();
        var notes = new ArrayList<String>();
        var buildTimes = new java.util.LinkedHashMap<String, Double>();
        List<Chunk> chunks = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            chunks.add(Chunk.whole(Document.of("v" + i, "")));
        }
        for (HnswConfig config : configs) {
            String name = "M=" + config.maxConn() + " beam=" + config.beamWidth() + (config.scalarQuantized() ? " int8" : " float32");
            Path dir = Files.createTempDirectory(workDir, "knn");
            long t0 = System.nanoTime();
            String building = "building the graph " + name;
            progress.update(building, 0, vectors.size());
            try (ChunkIndex index = ChunkIndex.create(dir, chunks, vectors, "benchmark", config,
                    added -> progress.update(building, added, vectors.size()))) {
                double buildSeconds = (System.nanoTime() - t0) / 1e9;
                notes.add(name + " built in " + f(buildSeconds, 1) + " s");
                buildTimes.put(name, buildSeconds);
                float[][] byDoc = index.vectors();

                // Ground truth (exact search on the vectors exactly as indexed) and its speed.
                int[][] truth = new int[queries.size()][];
                for (float[] q : queries) {
                    ExactVectorRetriever.nearest(byDoc, q, K); // warm-up (one round: each query is long)
                }
                double[] exactPasses = new double[PASSES];
                for (int pass = 0; pass < PASSES; pass++) {
                    long e0 = System.nanoTime();
                    for (int q = 0; q < queries.size(); q++) {
                        truth[q] = ExactVectorRetriever.nearest(byDoc, queries.get(q), K);
                    }
                    exactPasses[pass] = queries.size() / ((System.nanoTime() - e0) / 1e9);
                }
                double exactQps = median(exactPasses);

                List<VectorRetriever> searches = new ArrayList<>();
                String warming = "warming up " + name + " (every search once, untimed)";
                for (int candidates : candidateCounts) {
                    progress.update(warming, searches.size(), candidateCounts.size());
                    var hnsw = new VectorRetriever(index, null, candidates);
                    searches.add(hnsw);
                    for (int r = 0; r < REPEATS; r++) {
                        for (float[] q : queries) {
                            hnsw.nearestDocs(q, K); // warm-up
                        }
                    }
                }
                progress.update(warming, searches.size(), candidateCounts.size());
                int[][][] found = new int[searches.size()][queries.size()][];
                double[][] hnswPasses = new double[searches.size()][PASSES];
                String timing = "timing " + name + " (" + PASSES + " passes over " + candidateCounts.size() + " candidate counts)";
                for (int pass = 0; pass < PASSES; pass++) {
                    progress.update(timing, pass, PASSES);
                    for (int c = 0; c < searches.size(); c++) {
                        long h0 = System.nanoTime();
                        for (int r = 0; r < REPEATS; r++) {
                            for (int q = 0; q < queries.size(); q++) {
                                found[c][q] = searches.get(c).nearestDocs(queries.get(q), K);
                            }
                        }
                        hnswPasses[c][pass] = REPEATS * queries.size() / ((System.nanoTime() - h0) / 1e9);
                    }
                }
                progress.update(timing, PASSES, PASSES);
                for (int c = 0; c < searches.size(); c++) {
                    rows.add(new Row(name, candidateCounts.get(c), recall(truth, found[c]), median(hnswPasses[c]), exactQps));
                }
            } finally {
                deleteRecursively(dir);
            }
        }
        return new Result(vectors.size(), vectors.getFirst().length, queries.size(), rows, notes, buildTimes);
    }

    /** The middle value (the mean of the two middle ones for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The average share of the true top k that the approximate top k contains. */
    static double recall(int[][] truth, int[][] found) {
        double sum = 0;
        for (int q = 0; q < truth.length; q++) {
            var expected = new HashSet<Integer>();
            for (int d : truth[q]) {
                expected.add(d);
            }
            int hits = 0;
            for (int d : found[q]) {
                if (expected.contains(d)) {
                    hits++;
                }
            }
            sum += (double) hits / truth[q].length;
        }
        return sum / truth.length;
    }

    /**
     * {@code count} texts cut from the documents as overlapping windows of 8 to 16 words, sliding
     * with whatever stride yields about {@code count} windows.
     */
    public static List<String> cranfieldTexts(List<Document> documents, int count) {
        var words = new ArrayList<String[]>();
        long total = 0;
        for (Document d : documents) {
            String[] w = (d.title() + " " + d.text()).trim().split("\\s+");
            words.add(w);
            total += w.length;
        }
        double stride = Math.max(0.05, (double) total / count);
        var out = new ArrayList<String>(count);
        double carry = 0;
        int n = 0;
        while (out.size() < count) {
            for (String[] w : words) {
                for (double pos = carry; pos < w.length && out.size() < count; pos += stride) {
                    int from = (int) pos;
                    int length = 8 + (n++ % 9);
                    out.add(String.join(" ", Arrays.copyOfRange(w, from, Math.min(w.length, from + length))));
                }
            }
            carry += stride / 2 + 0.5; // another pass starts elsewhere, should one pass fall short
        }
        return out;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String f(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Embeds (or reads from the cache) the Cranfield windows and queries with MiniLM, then runs. */
    public static Result runOnCranfield(Path cranfieldDir, int count, Path cacheFile, Path workDir) throws IOException {
        Dataset cranfield = CranfieldReader.read(cranfieldDir);
        EmbeddingModel model = EmbeddingModel.miniLm();
        List<float[]> vectors;
        if (cacheFile != null && Files.isRegularFile(cacheFile) && readCount(cacheFile) == count) {
            vectors = EmbeddingCache.read(cacheFile);
        } else {
            vectors = model.embedAll(cranfieldTexts(cranfield.documents(), count));
            if (cacheFile != null) {
                EmbeddingCache.write(cacheFile, vectors);
            }
        }
        List<float[]> queries = model.embedQueries(cranfield.queries().stream().map(EvalQuery::text).toList());
        var configs = List.of(HnswConfig.DEFAULT, HnswConfig.DEFAULT.withScalarQuantization(true));
        return run(vectors, queries, configs, DEFAULT_CANDIDATES, workDir);
    }

    private static int readCount(Path file) throws IOException {
        try (var in = new DataInputStream(Files.newInputStream(file))) {
            return in.readInt();
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: KnnBenchmark <cranfield-dir> [vectors=100000] [cache-file]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        if (!CranfieldReader.isPresent(dir)) {
            System.err.println("no Cranfield collection at " + dir.toAbsolutePath() + ": skipped");
            return;
        }
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path cache = args.length > 2 ? Path.of(args[2]) : null;
        System.out.println(runOnCranfield(dir, count, cache, Files.createTempDirectory("knn-bench")));
    }
}
