package dev.course.engine.generate.model;

import dev.course.engine.generate.tensor.Matrix;
import dev.course.engine.generate.tensor.Parallel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiles the prompt path while the model is still loading, so that the first prompt of a fresh
 * process runs at the speed of the second.
 *
 * <p>The JVM starts every method in its interpreter and compiles the hot ones to machine code only
 * after it has watched them run for a while; the Vector API, on which every product and attention
 * loop runs, is fast only once compiled by the optimising compiler (C2). In a fresh
 * {@code ./course generate} the first prompt therefore paid for that learning: 512 tokens took
 * 2.4 s in a fresh process against 1.3 s in a warm one (docs/measurements.md). Loading the model
 * takes most of a second more, on one core, with the other idle.
 *
 * <p>So {@link ModelLoader} hands this class a <em>sample</em> of the model as soon as the sample's
 * layers are loaded: the model's own matrices (the same classes, the same memory, the same shapes,
 * so the JIT learns exactly what the real prompt will do), but only the few layers that hold every
 * weight format the model uses ({@link #sampleLayers}). A daemon thread runs a short prompt through
 * that sample a few times, alone on its core (never on the shared matrix workers, see
 * {@link Parallel#alone}), while the loader copies the other layers on its own. By the time the real
 * prompt arrives, its loops are compiled. The work is bounded ({@link #WORK_BUDGET}) and is a few per
 * cent of a 512-token prompt, and it stops at its next round as soon as a real prompt starts
 * ({@link #promptStarts}): on two cores, a warm-up still running then takes a core the prompt's
 * products need.
 *
 * <p>{@code -Dcourse.generate.warmup=false} switches it off (to measure what it buys). The {@code course}
 * launcher does so for a {@code generate} that starts from the JDK AOT cache an earlier {@code generate}
 * recorded: the cache holds the methods' profiles from a real prompt, so the JIT compiles the loops at once
 * and a warm-up would only take a core (docs/measurements.md, "A JDK AOT cache and the serial collector").
 */
public final class JitWarmup {

    /** Whether models warm the JIT while they load: {@code -Dcourse.generate.warmup=false} switches it off. */
    public static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("course.generate.warmup", "true"));
    /**
     * Tokens of the warm-up prompt: more than {@link Parallel#MIN_PARALLEL_ROWS} positions, so that
     * attention takes the branch a long prompt takes, and not a multiple of the product's tile.
     */
    static final int TOKENS = Parallel.MIN_PARALLEL_ROWS + 6;
    /** The most times the warm-up prompt is run; a large model's sample runs it fewer times ({@link #WORK_BUDGET}). */
    static final int MAX_ROUNDS = 4;
    /** The most multiply-adds the warm-up spends (about a second on one core of this machine's kind). */
    static final long WORK_BUDGET = 2_000_000_000L;
    /** Generation steps after each warm-up prompt, for the one-token path ({@link LlamaModel#forward}). */
    static final int STEPS = 4;
    /** The most layers a sample takes, however many formats the model mixes. */
    static final int MAX_SAMPLE_LAYERS = 3;

    private static final List<CompletableFuture<Void>> RUNNING = new ArrayList<>();
    /** Prompts started outside a warm-up so far: a warm-up stops when this moves past what it saw at its start. */
    private static final AtomicLong PROMPTS = new AtomicLong();
    /** Whether this thread is a warm-up's. */
    private static final ThreadLocal<Boolean> WARMING = ThreadLocal.withInitial(() -> false);

    private JitWarmup() {
    }

    /**
     * The layers a warm-up runs: the first layer of each distinct combination of weight formats, in
     * order, at most {@link #MAX_SAMPLE_LAYERS}. A file of one format gives layer 0; llama.cpp's Q4_K_M
     * mix, which gives some layers more bits, gives two.
     */
    static int[] sampleLayers(List<List<String>> formatsPerLayer) {
        Set<List<String>> seen = new LinkedHashSet<>();
        List<Integer> layers = new ArrayList<>();
        for (int l = 0; l < formatsPerLayer.size() && layers.size() < MAX_SAMPLE_LAYERS; l++) {
            if (seen.add(formatsPerLayer.get(l))) {
                layers.add(l);
            }
        }
        return layers.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The model of {@code config}'s shape made of layers {@code layers} of {@code weights} only, with a
     * context just long enough for the warm-up prompt.
     */
    static LlamaModel sample(LlamaConfig config, LlamaWeights weights, int[] layers) {
        var shape = new LlamaConfig(config.dim(), config.hiddenDim(), layers.length, config.heads(), config.kvHeads(),
                config.vocabSize(), TOKENS + STEPS + 1, config.rmsEps(), config.ropeTheta(), config.ropeStyle(),
                config.headSize());
        var sampled = new LlamaWeights(weights.tokenEmbedding(), pick(weights.attentionNorm(), layers),
                pick(weights.wq(), layers), pick(weights.wk(), layers), pick(weights.wv(), layers), pick(weights.wo(), layers),
                pick(weights.qBias(), layers), pick(weights.kBias(), layers), pick(weights.vBias(), layers),
                pick(weights.qNorm(), layers), pick(weights.kNorm(), layers), pick(weights.ffnNorm(), layers),
                pick(weights.gate(), layers), pick(weights.up(), layers), pick(weights.down(), layers),
                weights.outputNorm(), weights.output(), weights.ropeFactors());
        return new LlamaModel(shape, sampled);
    }

    /** Starts warming on {@code sample} on a daemon thread; returns at once. */
    static void start(LlamaModel sample) {
        var done = new CompletableFuture<Void>();
        synchronized (RUNNING) {
            RUNNING.add(done);
        }
        long promptsBefore = PROMPTS.get();
        Thread thread = new Thread(() -> {
            WARMING.set(true);
            try {
                Parallel.alone(() -> run(sample, () -> PROMPTS.get() != promptsBefore));
            } finally {
                done.complete(null);
                synchronized (RUNNING) {
                    RUNNING.remove(done);
                }
            }
        }, "jit-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Called by {@link LlamaModel#prefill} as a prompt starts: a warm-up running beside it stops. */
    static void promptStarts() {
        if (!WARMING.get()) {
            PROMPTS.incrementAndGet();
        }
    }

    /** Prompts started outside a warm-up since the JVM started. */
    static long promptsStarted() {
        return PROMPTS.get();
    }

    /** Runs the warm-up prompt, then a few generation steps, {@link #rounds} times. */
    static void run(LlamaModel sample) {
        run(sample, () -> false);
    }

    /** {@link #run(LlamaModel)}, stopping before any round or step once {@code stop} says so. */
    static void run(LlamaModel sample, BooleanSupplier stop) {
        int vocab = sample.config().vocabSize();
        int[] prompt = new int[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            prompt[i] = (int) ((i * 7919L + 1) % vocab);
        }
        InferenceState state = sample.newState();
        for (int round = 0, rounds = rounds(sample); round < rounds && !stop.getAsBoolean(); round++) {
            state.reset();
            float[] logits = sample.prefill(state, prompt);
            for (int step = 0; step < STEPS && !stop.getAsBoolean(); step++) {
                logits = sample.forward(state, (int) ((step * 104729L + logits.length) % vocab));
            }
        }
    }

    /** Rounds within {@link #WORK_BUDGET} for this sample (at least one). */
    static int rounds(LlamaModel sample) {
        LlamaWeights w = sample.weights();
        long perToken = 0;
        for (int l = 0; l < sample.config().layers(); l++) {
            for (Matrix m : new Matrix[]{w.wq()[l], w.wk()[l], w.wv()[l], w.wo()[l], w.gate()[l], w.up()[l], w.down()[l]}) {
                perToken += (long) m.rows() * m.cols();
            }
        }
        long head = (long) w.output().rows() * w.output().cols();           // once after the prompt, once per step
        long perRound = perToken * (TOKENS + STEPS) + head * (1 + STEPS);
        return (int) Math.max(1, Math.min(MAX_ROUNDS, WORK_BUDGET / Math.max(1, perRound)));
    }

    /**
     * Waits until every warm-up started so far has finished: for benchmarks, which must not time the
     * engine while a warm-up shares its cores.
     */
    public static void awaitAll() {
        List<CompletableFuture<Void>> running;
        synchronized (RUNNING) {
            running = List.copyOf(RUNNING);
        }
        running.forEach(CompletableFuture::join);
    }

    private static Matrix[] pick(Matrix[] all, int[] layers) {
        if (all == null) return null;
        Matrix[] out = new Matrix[layers.length];
        for (int i = 0; i < layers.length; i++) out[i] = all[layers[i]];
        return out;
    }

    private static float[][] pick(float[][] all, int[] layers) {
        if (all == null) return null;
        float[][] out = new float[layers.length][];
        for (int i = 0; i < layers.length; i++) out[i] = all[layers[i]];
        return out;
    }
}
