package dev.course.engine.generate.model;

import dev.course.engine.generate.tensor.Matrix;
import dev.course.engine.generate.tensor.Parallel;
import dev.course.engine.generate.tensor.PromptAttention;
import dev.course.engine.generate.tensor.Vectors;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Llama-family decoder, one token at a time, read top to bottom:
 *
 * <pre>
 *   x = embedding[token]
 *   for each layer:
 *       x += Wo · attention(RoPE(Wq · norm(x)), RoPE(Wk · norm(x)), Wv · norm(x))    (keys and values cached)
 *            (Qwen2 adds a bias to each projection; Qwen3 RMS-normalises each query and key head before RoPE)
 *       x += Wdown · (silu(Wgate · norm(x)) * (Wup · norm(x)))                       (SwiGLU)
 *   logits = Woutput · norm(x)
 * </pre>
 *
 * Every step is a method of its own below, in that order. The matrices do the heavy work, through
 * {@link dev.course.engine.generate.tensor.Matrix#matmul}; everything else is a few loops.
 */
public final class LlamaModel {

    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final float[] ropeFrequencies;

    public LlamaModel(LlamaConfig config, LlamaWeights weights) {
        this.config = Objects.requireNonNull(config, "config");
        this.weights = Objects.requireNonNull(weights, "weights");
        weights.check(config);
        this.ropeFrequencies = ropeFrequencies(config, weights.ropeFactors());
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaWeights weights() {
        return weights;
    }

    /** A fresh state with an empty KV cache. */
    public InferenceState newState() {
        return new InferenceState(config);
    }

    /** Pair {@code i} of a head turns by {@code position * frequency[i]} radians. */
    static float[] ropeFrequencies(LlamaConfig config, float[] factors) {
        int pairs = config.headSize() / 2;
        float[] frequencies = new float[pairs];
        for (int i = 0; i < pairs; i++) {
            double f = Math.pow(config.ropeTheta(), -2.0 * i / config.headSize());
            frequencies[i] = (float) (factors == null ? f : f / factors[i]);
        }
        return frequencies;
    }

    /** Runs one token at the next position of {@code state}; returns the logits (the state's buffer). */
    public float[] forward(InferenceState state, int token) {
        return forward(state, token, ForwardObserver.NONE);
    }

    /** As {@link #forward(InferenceState, int)}, telling {@code observer} what happens inside. */
    public float[] forward(InferenceState state, int token, ForwardObserver observer) {
        int position = state.length();
        if (position >= config.contextLength()) {
            throw new IllegalStateException("the context is full (" + config.contextLength() + " positions)");
        }
        if (token < 0 || token >= config.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + config.vocabSize());
        }
        weights.tokenEmbedding().row(token, state.x, 0);
        rotaryAngles(state, position);
        for (int layer = 0; layer < config.layers(); layer++) {
            attentionBlock(state, layer, position, observer);
            feedForwardBlock(state, layer);
            observer.residual(layer, position, state.x);
        }
        rmsNorm(state.x, weights.outputNorm(), state.xb, config.rmsEps());
        weights.output().matmul(state.xb, state.logits);
        state.advance();
        return state.logits;
    }

    /**
     * Runs several tokens (a prompt) at the next positions and returns the logits after the last.
     * The result, and the KV cache it leaves, are those of calling {@link #forward} once per token;
     * but each weight matrix is read and decoded once for all the tokens instead of once per token,
     * which is why prompt processing is faster per token than generation.
     *
     * <p>Each step over the prompt's tokens is a small method of its own ({@link #rmsNormAll},
     * {@link #positionKeysAndQueries}, {@link #addAll}), not a loop written inline here. In a fresh
     * process the JIT compiles a loop that runs long by compiling the whole method around it
     * ("on-stack replacement"); with the loops inline that method was this one, and the optimising
     * compiler spent 1.3-1.6 s of a core on it, twice, in the middle of the first prompt (a loaded
     * machine, docs/measurements.md). Small methods compile in milliseconds, and during {@link JitWarmup}.
     */
    public float[] prefill(InferenceState s, int[] tokens) {
        int n = tokens.length, start = s.length();
        if (n == 0) {
            throw new IllegalArgumentException("nothing to prefill");
        }
        if (start + n > config.contextLength()) {
            throw new IllegalStateException("the context holds " + config.contextLength() + " positions, not " + (start + n));
        }
        JitWarmup.promptStarts();
        int dim = config.dim(), kvDim = config.kvDim(), hidden = config.hiddenDim(), queryDim = config.queryDim();
        float[][] x = new float[n][dim], xb = new float[n][Math.max(dim, queryDim)], xb2 = new float[n][dim];
        float[][] q = new float[n][queryDim], k = new float[n][kvDim], v = new float[n][kvDim];
        float[][] gate = new float[n][hidden], up = new float[n][hidden];
        embed(tokens, x);
        for (int layer = 0; layer < config.layers(); layer++) {
            // attention: project every token, then let each attend over the cache up to itself
            rmsNormAll(x, weights.attentionNorm()[layer], xb, n);
            weights.wq()[layer].matmulMany(xb, q, n);
            weights.wk()[layer].matmulMany(xb, k, n);
            weights.wv()[layer].matmulMany(xb, v, n);
            positionKeysAndQueries(s, layer, start, q, k, v, n);
            if (PromptAttention.applies(config.headSize())) {         // all tokens at once, in blocks
                PromptAttention.attend(q, n, start, s.cache.keys[layer], s.cache.values[layer], config.heads(),
                        config.kvHeads(), config.headSize(), xb);
            } else {
                attendEach(s, layer, start, q, xb, n);
            }
            weights.wo()[layer].matmulMany(xb, xb2, n);
            addAll(x, xb2, n, dim);
            // feed-forward, every token
            rmsNormAll(x, weights.ffnNorm()[layer], xb, n);
            weights.gate()[layer].matmulMany(xb, gate, n);
            weights.up()[layer].matmulMany(xb, up, n);
            for (int t = 0; t < n; t++) Vectors.swiGlu(gate[t], up[t], hidden);
            weights.down()[layer].matmulMany(gate, xb2, n);
            addAll(x, xb2, n, dim);
        }
        System.arraycopy(x[n - 1], 0, s.x, 0, dim);
        rmsNorm(s.x, weights.outputNorm(), s.xb, config.rmsEps());        // only the last token's logits are needed
        weights.output().matmul(s.xb, s.logits);
        for (int t = 0; t < n; t++) s.advance();
        return s.logits;
    }

    /** Each token's embedding into its row of {@code x}. */
    private void embed(int[] tokens, float[][] x) {
        for (int t = 0; t < tokens.length; t++) {
            if (tokens[t] < 0 || tokens[t] >= config.vocabSize()) {
                throw new IllegalArgumentException("token " + tokens[t] + " is outside the vocabulary of " + config.vocabSize());
            }
            weights.tokenEmbedding().row(tokens[t], x[t], 0);
        }
    }

    /** {@link #rmsNorm} of each of the first {@code n} rows of {@code x} into the same row of {@code out}. */
    private void rmsNormAll(float[][] x, float[] gain, float[][] out, int n) {
        for (int t = 0; t < n; t++) {
            rmsNorm(x[t], gain, out[t], config.rmsEps());
        }
    }

    /** {@code x[t] += delta[t]} for the first {@code n} rows: the residual connection. */
    private static void addAll(float[][] x, float[][] delta, int n, int dim) {
        for (int t = 0; t < n; t++) {
            float[] row = x[t], d = delta[t];
            for (int i = 0; i < dim; i++) row[i] += d[i];
        }
    }

    /**
     * Token {@code t}'s query, key and value as {@link #attentionBlock} finishes them (biases, QK-norm,
     * RoPE at position {@code start + t}); keys and values into the cache.
     */
    private void positionKeysAndQueries(InferenceState s, int layer, int start, float[][] q, float[][] k, float[][] v, int n) {
        int kvDim = config.kvDim();
        for (int t = 0; t < n; t++) {
            int position = start + t;
            addBias(q[t], weights.qBias(), layer);
            addBias(k[t], weights.kBias(), layer);
            addBias(v[t], weights.vBias(), layer);
            normalizeHeads(q[t], config.heads(), weights.qNorm(), layer);
            normalizeHeads(k[t], config.kvHeads(), weights.kNorm(), layer);
            rotaryAngles(s, position);
            rope(q[t], config.heads(), s);
            rope(k[t], config.kvHeads(), s);
            System.arraycopy(k[t], 0, s.cache.keys[layer], position * kvDim, kvDim);
            System.arraycopy(v[t], 0, s.cache.values[layer], position * kvDim, kvDim);
        }
    }

    /** Attention token by token, as {@link #forward} does: for head sizes {@link PromptAttention} does not take. */
    private void attendEach(InferenceState s, int layer, int start, float[][] q, float[][] out, int n) {
        int queryDim = config.queryDim();
        for (int t = 0; t < n; t++) {
            System.arraycopy(q[t], 0, s.q, 0, queryDim);
            attendAllHeads(s, layer, start + t);
            System.arraycopy(s.xb, 0, out[t], 0, queryDim);
        }
    }

    /** {@code out = x / rms(x) * gain}: scales the vector to unit root-mean-square, then per-feature gains. */
    static void rmsNorm(float[] x, float[] gain, float[] out, float eps) {
        double sumOfSquares = 0;
        for (int i = 0; i < gain.length; i++) {
            sumOfSquares += x[i] * x[i];
        }
        float scale = (float) (1.0 / Math.sqrt(sumOfSquares / gain.length + eps));
        for (int i = 0; i < gain.length; i++) {
            out[i] = x[i] * scale * gain[i];
        }
    }

    private void rotaryAngles(InferenceState state, int position) {
        for (int i = 0; i < ropeFrequencies.length; i++) {
            double angle = position * (double) ropeFrequencies[i];
            state.cos[i] = (float) Math.cos(angle);
            state.sin[i] = (float) Math.sin(angle);
        }
    }

    /** Rotates every pair of every head in {@code vector} by the current position's angles. */
    private void rope(float[] vector, int heads, InferenceState state) {
        int headSize = config.headSize();
        for (int h = 0; h < heads; h++) {
            int base = h * headSize;
            for (int i = 0; i < headSize / 2; i++) {
                int a = base + config.ropeStyle().first(i, headSize);
                int b = base + config.ropeStyle().second(i, headSize);
                float x0 = vector[a];
                float x1 = vector[b];
                vector[a] = x0 * state.cos[i] - x1 * state.sin[i];
                vector[b] = x0 * state.sin[i] + x1 * state.cos[i];
            }
        }
    }

    private void attentionBlock(InferenceState s, int layer, int position, ForwardObserver observer) {
        rmsNorm(s.x, weights.attentionNorm()[layer], s.xb, config.rmsEps());
        Matrix.matmulAll(s.xb, new Matrix[]{weights.wq()[layer], weights.wk()[layer], weights.wv()[layer]},
                new float[][]{s.q, s.k, s.v});                  // q = Wq·xb, k = Wk·xb, v = Wv·xb
        addBias(s.q, weights.qBias(), layer);
        addBias(s.k, weights.kBias(), layer);
        addBias(s.v, weights.vBias(), layer);
        normalizeHeads(s.q, config.heads(), weights.qNorm(), layer);
        normalizeHeads(s.k, config.kvHeads(), weights.kNorm(), layer);
        rope(s.q, config.heads(), s);
        rope(s.k, config.kvHeads(), s);
        System.arraycopy(s.k, 0, s.cache.keys[layer], position * config.kvDim(), config.kvDim());
        System.arraycopy(s.v, 0, s.cache.values[layer], position * config.kvDim(), config.kvDim());

        attendAllHeads(s, layer, position);
        if (observer.wantsAttention()) {
            for (int h = 0; h < config.heads(); h++) {
                observer.attention(layer, h, position, Arrays.copyOf(s.scores[h], position + 1));
            }
        }
        weights.wo()[layer].matmul(s.xb, s.xb2);
        for (int i = 0; i < config.dim(); i++) {
            s.x[i] += s.xb2[i];
        }
    }

    private static void addBias(float[] vector, float[][] bias, int layer) {
        if (bias != null) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] += bias[layer][i];
            }
        }
    }

    /**
     * Qwen3's QK-norm: each head's query (or key) is RMS-normalised on its own, with per-number
     * gains shared by all heads of a layer, before RoPE turns it. It keeps {@code q · k} in a steady
     * range however large the projections grow. A no-op for models without it ({@code gains == null}).
     */
    private void normalizeHeads(float[] vector, int heads, float[][] gains, int layer) {
        if (gains == null) {
            return;
        }
        int headSize = config.headSize();
        float[] head = new float[headSize];
        for (int h = 0; h < heads; h++) {
            System.arraycopy(vector, h * headSize, head, 0, headSize);
            rmsNorm(head, gains[layer], head, config.rmsEps());
            System.arraycopy(head, 0, vector, h * headSize, headSize);
        }
    }

    /** Every head attends; with a long context (many cached positions) the heads share the cores. */
    private void attendAllHeads(InferenceState s, int layer, int position) {
        if (position < Parallel.MIN_PARALLEL_ROWS) {
            for (int h = 0; h < config.heads(); h++) {
                attendOneHead(s, layer, h, position);
            }
        } else {
            Parallel.forEach(config.heads(), h -> attendOneHead(s, layer, h, position));
        }
    }

    /**
     * Head {@code h}: score every cached position by {@code q·k / sqrt(headSize)}, softmax the scores
     * into weights, and write the weighted sum of the values into {@code xb}. Query head {@code h}
     * reads key/value head {@code h / groupSize}: that sharing is grouped-query attention.
     */
    private void attendOneHead(InferenceState s, int layer, int h, int position) {
        int headSize = config.headSize();
        int kvDim = config.kvDim();
        int qBase = h * headSize;
        int kvBase = (h / config.groupSize()) * headSize;
        float[] keys = s.cache.keys[layer];
        float[] values = s.cache.values[layer];
        float[] scores = s.scores[h];
        float scale = (float) (1.0 / Math.sqrt(headSize));
        for (int t = 0; t <= position; t++) {
            scores[t] = Vectors.dot(s.q, qBase, keys, t * kvDim + kvBase, headSize) * scale;   // q · k_t
        }
        Vectors.softmax(scores, position + 1);                                                 // scores become weights
        Vectors.weightedSum(scores, 0, position + 1, values, kvBase, kvDim, s.xb, qBase, headSize);   // sum of weight_t * v_t
    }

    /** SwiGLU: {@code x += Wdown · (silu(Wgate · h) * (Wup · h))} with {@code h = norm(x)}. */
    private void feedForwardBlock(InferenceState s, int layer) {
        rmsNorm(s.x, weights.ffnNorm()[layer], s.xb, config.rmsEps());
        Matrix.matmulAll(s.xb, new Matrix[]{weights.gate()[layer], weights.up()[layer]},
                new float[][]{s.hb, s.hb2});                    // hb = Wgate·xb, hb2 = Wup·xb
        Vectors.swiGlu(s.hb, s.hb2, config.hiddenDim());      // hb = silu(hb) * hb2
        weights.down()[layer].matmul(s.hb, s.xb2);
        for (int i = 0; i < config.dim(); i++) {
            s.x[i] += s.xb2[i];
        }
    }
}
