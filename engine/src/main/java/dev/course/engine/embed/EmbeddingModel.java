package dev.course.engine.embed;

import dev.course.engine.tokenize.Encoding;
import dev.course.engine.tokenize.Token;
import dev.course.engine.tokenize.WordPieceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A sentence encoder: text in, a unit-length vector out, such that texts with similar meaning get
 * vectors with a high dot product.
 *
 * <p>The steps are all visible here: {@link WordPieceTokenizer} makes token ids, an {@link Encoder}
 * runs the transformer, {@link Pooling} turns token vectors into one vector, and
 * {@link VectorMath#normalize} makes it unit length so that the dot product is the cosine.
 *
 * <p>Where the transformer runs is the encoder's business, not this class's: normally ONNX Runtime
 * in this process ({@link OnnxEncoder}); in a kernel started by the course server, the server's
 * shared copy of the model ({@link RemoteEncoder}, chosen by {@link Encoders}). Everything here —
 * tokens, windows, batches, pooling, normalising — is the same either way, and so are the vectors.
 *
 * <p>Speed: {@link #embedAll} sorts texts by token count and runs batches of similar length (so
 * little padding is computed) on {@code threads} Java threads that share one ONNX session, each
 * call using one core (see {@link OnnxEncoder}).
 *
 * <p>Long texts follow the {@link LongTextPolicy}: by default every 510-token window is embedded
 * and the windows are averaged, so nothing is silently dropped.
 */
public final class EmbeddingModel implements AutoCloseable {

    /** By default long texts are averaged over windows rather than cut. */
    public static final LongTextPolicy DEFAULT_LONG_TEXT_POLICY = LongTextPolicy.AVERAGE_WINDOWS;

    private static final Map<ModelSpec, EmbeddingModel> SHARED = new ConcurrentHashMap<>();

    private final ModelSpec spec;
    private final WordPieceTokenizer tokenizer;
    private final Encoder encoder;
    private final LongTextPolicy longTextPolicy;
    private final int threads;
    private final ExecutorService pool;
    private final boolean shared;
    /** Where this model's pooled vectors are kept between processes, or null (see {@link Encoders#keepPooledVectors}). */
    private final PooledVectorCache keptVectors;
    private volatile LastQuery lastQuery;

    private EmbeddingModel(ModelSpec spec, int threads, LongTextPolicy longTextPolicy, boolean shared) {
        this(spec, threads, longTextPolicy, shared, null);
    }

    /** @param encoder the encoder to use, or null to let {@link Encoders} choose */
    private EmbeddingModel(ModelSpec spec, int threads, LongTextPolicy longTextPolicy, boolean shared, Encoder encoder) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.longTextPolicy = Objects.requireNonNull(longTextPolicy, "longTextPolicy");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.shared = shared;
        this.tokenizer = WordPieceTokenizer.fromClasspath(spec.tokenizerResource());
        this.encoder = encoder != null ? encoder : Encoders.open(spec);
        // Only the bundled graph run here: an encoder given by the caller may compute anything.
        this.keptVectors = encoder == null && this.encoder instanceof OnnxEncoder ? Encoders.pooledVectorCache() : null;
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, "embed-" + spec.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** The shared all-MiniLM-L6-v2 instance (loaded once per JVM; closing it does nothing). */
    public static EmbeddingModel miniLm() {
        return shared(ModelSpec.ALL_MINILM_L6_V2);
    }

    /** The shared bge-small-en-v1.5 (quantised) instance (loaded once per JVM). */
    public static EmbeddingModel bgeSmall() {
        return shared(ModelSpec.BGE_SMALL_EN_V15_Q);
    }

    /** One shared instance per spec, with a thread per core and the default long-text policy. */
    public static EmbeddingModel shared(ModelSpec spec) {
        return SHARED.computeIfAbsent(spec, s -> new EmbeddingModel(s, defaultThreads(), DEFAULT_LONG_TEXT_POLICY, true));
    }

    /** A private instance that the caller closes. */
    public static EmbeddingModel load(ModelSpec spec, int threads, LongTextPolicy longTextPolicy) {
        return new EmbeddingModel(spec, threads, longTextPolicy, false);
    }

    /**
     * A private instance whose forward pass runs in the given encoder, e.g. a {@link RemoteEncoder}
     * on a channel of your own. Closing the model closes the encoder.
     */
    public static EmbeddingModel load(ModelSpec spec, int threads, LongTextPolicy longTextPolicy, Encoder encoder) {
        return new EmbeddingModel(spec, threads, longTextPolicy, false, Objects.requireNonNull(encoder, "encoder"));
    }

    /** One Java thread per core. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public ModelSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public int dimension() {
        return spec.dimension();
    }

    /**
     * One line saying which model this is, for every cell that uses it, e.g.
     * {@code all-MiniLM-L6-v2: bundled ONNX, 90.4 MB, float32 weights, 384 dimensions}. Its file is read
     * once (skipping the weights) to find their number type.
     */
    public String describe() {
        OnnxFileSummary summary = SUMMARIES.computeIfAbsent(spec.onnxResource(), resource -> {
            try {
                return OnnxFileSummary.readResource(resource);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        });
        return String.format(java.util.Locale.ROOT, "%s: bundled ONNX, %.1f MB, %s weights, %d dimensions", spec.name(),
                summary.sizeBytes() / 1e6, summary.weightType(), spec.dimension());
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    public LongTextPolicy longTextPolicy() {
        return longTextPolicy;
    }

    /**
     * The encoder that runs this model's forward pass: local ONNX Runtime, or a remote one (see
     * {@link Encoders}). The course server's model service serves kernels with the encoder of its
     * own shared models, so the server holds one copy of each.
     */
    public Encoder encoder() {
        return encoder;
    }

    /** The vector of a passage (a document or chunk). */
    public float[] embed(String passage) {
        return embedAllDetailed(List.of(passage)).getFirst().vector();
    }

    /**
     * The vector of a search query: the model's query prefix, if any, is put in front.
     *
     * <p>The last query's vector is kept: one search often asks for the same query several times
     * (a hybrid's nearest-vector list, then lists that rescore its candidates by cosine), and the
     * encoder would give the same vector each time. Each caller gets its own copy.
     */
    public float[] embedQuery(String query) {
        LastQuery last = lastQuery;
        if (last != null && last.query().equals(query)) {
            return last.vector().clone();
        }
        float[] vector = embed(spec.queryPrefix() + query);
        lastQuery = new LastQuery(query, vector.clone());
        return vector;
    }

    /** A query and its vector, replaced as a whole so that a reader never sees one without the other. */
    private record LastQuery(String query, float[] vector) {
    }

    /** The vectors of many passages, in order. */
    public List<float[]> embedAll(List<String> passages) {
        return embedAllDetailed(passages).stream().map(Embedding::vector).toList();
    }

    /** The vectors of many queries, each with the query prefix. */
    public List<float[]> embedQueries(List<String> queries) {
        return embedAll(queries.stream().map(q -> spec.queryPrefix() + q).toList());
    }

    /** Embeddings with their token counts, windows and truncation flags. */
    public List<Embedding> embedAllDetailed(List<String> texts) {
        List<List<Token>> tokenized = tokenizeAll(texts);
        // Each text becomes one window, or several for long texts.
        var windows = new ArrayList<Encoding>();
        var owner = new ArrayList<Integer>();
        for (int i = 0; i < tokenized.size(); i++) {
            for (Encoding window : windowsOf(tokenized.get(i))) {
                windows.add(window);
                owner.add(i);
            }
        }
        List<float[]> pooled = runBatched(windows, batch -> Arrays.asList(pooled(batch)));

        float[][] sums = new float[texts.size()][spec.dimension()];
        int[] windowCount = new int[texts.size()];
        for (int w = 0; w < windows.size(); w++) {
            int text = owner.get(w);
            float weight = Math.max(1, windows.get(w).length() - 2); // longer windows count more
            float[] v = pooled.get(w);
            for (int d = 0; d < v.length; d++) {
                sums[text][d] += weight * v[d];
            }
            windowCount[text]++;
        }
        var out = new ArrayList<Embedding>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            int tokens = tokenized.get(i).size();
            boolean truncated = longTextPolicy == LongTextPolicy.TRUNCATE && tokens > contentWindow();
            out.add(new Embedding(VectorMath.normalize(sums[i]), tokens, windowCount[i], truncated));
        }
        return out;
    }

    /** One pooled vector per row of a batch: from the encoder, or kept from an earlier process's identical batch. */
    private float[][] pooled(EncoderInput batch) {
        if (keptVectors == null) {
            return encoder.pooled(batch, spec.pooling());
        }
        return keptVectors.pooled(spec.name(), ((OnnxEncoder) encoder).graphChecksum(), spec.pooling(), spec.dimension(), batch,
                () -> encoder.pooled(batch, spec.pooling()));
    }

    /**
     * One unit vector per content token (the encoder's last layer, before pooling), for late
     * interaction. Long texts contribute the tokens of every window.
     */
    public TokenVectors tokenVectors(String text) {
        return tokenVectorsAll(List.of(text)).getFirst();
    }

    /** {@link #tokenVectors} for many texts, batched and in parallel. */
    public List<TokenVectors> tokenVectorsAll(List<String> texts) {
        List<List<Token>> tokenized = tokenizeAll(texts);
        var windows = new ArrayList<Encoding>();
        var owner = new ArrayList<Integer>();
        for (int i = 0; i < tokenized.size(); i++) {
            for (Encoding window : windowsOf(tokenized.get(i))) {
                windows.add(window);
                owner.add(i);
            }
        }
        List<float[][]> perWindow = runBatched(windows, this::contentTokenVectors);
        var tokens = new ArrayList<List<Token>>();
        var vectors = new ArrayList<List<float[]>>();
        for (int i = 0; i < texts.size(); i++) {
            tokens.add(new ArrayList<>());
            vectors.add(new ArrayList<>());
        }
        for (int w = 0; w < windows.size(); w++) {
            List<Token> content = windows.get(w).tokens();
            tokens.get(owner.get(w)).addAll(content.subList(1, content.size() - 1));
            vectors.get(owner.get(w)).addAll(Arrays.asList(perWindow.get(w)));
        }
        var out = new ArrayList<TokenVectors>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(new TokenVectors(tokens.get(i), vectors.get(i).toArray(float[][]::new)));
        }
        return out;
    }

    private int contentWindow() {
        return spec.maxTokens() - 2;
    }

    /** The encoder windows of one tokenised text, according to the long-text policy. */
    private List<Encoding> windowsOf(List<Token> tokens) {
        int window = contentWindow();
        if (tokens.size() <= window) {
            return List.of(tokenizer.frame(tokens, 0));
        }
        if (longTextPolicy == LongTextPolicy.TRUNCATE) {
            return List.of(tokenizer.frame(tokens.subList(0, window), tokens.size() - window));
        }
        var windows = new ArrayList<Encoding>();
        for (int from = 0; from < tokens.size(); from += window) {
            windows.add(tokenizer.frame(tokens.subList(from, Math.min(tokens.size(), from + window)), 0));
        }
        return windows;
    }

    /** One normalised vector per content token of every row of a batch, from its hidden states. */
    private List<float[][]> contentTokenVectors(EncoderInput batch) {
        Encoder.Output output = encoder.run(batch);
        int dim = output.lastDimension();
        var rows = new ArrayList<float[][]>(batch.rows());
        for (int row = 0; row < batch.rows(); row++) {
            int real = batch.lengths()[row];
            float[][] vectors = new float[Math.max(0, real - 2)][];
            int base = row * output.length() * dim;
            for (int t = 1; t < real - 1; t++) {
                vectors[t - 1] = VectorMath.normalize(
                        Arrays.copyOfRange(output.values(), base + t * dim, base + (t + 1) * dim));
            }
            rows.add(vectors);
        }
        return rows;
    }

    private List<List<Token>> tokenizeAll(List<String> texts) {
        if (texts.size() < 64) {
            return texts.stream().map(tokenizer::tokenize).toList();
        }
        int slice = (texts.size() + threads - 1) / threads;
        var jobs = new ArrayList<Callable<List<List<Token>>>>();
        for (int from = 0; from < texts.size(); from += slice) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + slice));
            jobs.add(() -> part.stream().map(tokenizer::tokenize).toList());
        }
        var out = new ArrayList<List<Token>>(texts.size());
        invokeAll(jobs).forEach(out::addAll);
        return out;
    }

    /**
     * Runs the encoder over all encodings, turning each batch into one result per row with
     * {@code perBatch}, and returns the results in the encodings' order. Encodings are sorted by
     * length and cut into batches of {@link ModelSpec#batchSize()}, so a batch pads to nearly nothing.
     */
    private <R> List<R> runBatched(List<Encoding> encodings, Function<EncoderInput, List<R>> perBatch) {
        Integer[] order = new Integer[encodings.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> encodings.get(i).length()));
        @SuppressWarnings("unchecked")
        R[] results = (R[]) new Object[encodings.size()];
        var jobs = new ArrayList<Callable<Void>>();
        for (int from = 0; from < order.length; from += spec.batchSize()) {
            List<Integer> batch = Arrays.asList(order).subList(from, Math.min(order.length, from + spec.batchSize()));
            jobs.add(() -> {
                EncoderInput input = EncoderInput.pad(batch.stream().map(encodings::get).toList(), tokenizer.padId());
                List<R> rows = perBatch.apply(input);
                for (int row = 0; row < batch.size(); row++) {
                    results[batch.get(row)] = rows.get(row);
                }
                return null;
            });
        }
        if (jobs.size() == 1) {
            call(jobs.getFirst());
        } else {
            invokeAll(jobs);
        }
        return Arrays.asList(results);
    }

    private <T> List<T> invokeAll(List<Callable<T>> jobs) {
        try {
            var out = new ArrayList<T>(jobs.size());
            for (Future<T> f : pool.invokeAll(jobs)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static <T> T call(Callable<T> job) {
        try {
            return job.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<String, OnnxFileSummary> SUMMARIES = new ConcurrentHashMap<>();

    static byte[] readResource(String resource) {
        try (InputStream in = EmbeddingModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no model resource " + resource + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Releases the ONNX session and threads; does nothing for the shared instances. */
    @Override
    public void close() {
        if (shared) {
            return;
        }
        pool.shutdownNow();
        encoder.close();
    }

    @Override
    public String toString() {
        return "EmbeddingModel[" + spec.name() + ", " + spec.dimension() + " dims, " + spec.pooling()
                + " pooling, batch " + spec.batchSize() + ", " + threads + " threads, " + longTextPolicy
                + (encoder instanceof RemoteEncoder ? ", run by the course server's model service" : "") + "]";
    }
}
