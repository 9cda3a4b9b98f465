package dev.course.engine.generate.model;

/**
 * The shape of a Llama-family decoder: everything needed to size its weights and buffers.
 *
 * @param dim           width of the residual stream (the embedding size)
 * @param hiddenDim     width of the feed-forward layer's inner activation
 * @param layers        number of transformer blocks
 * @param heads         number of query heads
 * @param kvHeads       number of key/value heads; fewer than {@code heads} is grouped-query attention
 * @param vocabSize     number of tokens
 * @param contextLength the most positions the KV cache holds
 * @param rmsEps        the epsilon inside RMSNorm's square root
 * @param ropeTheta     the base of the rotary embedding's wavelengths
 * @param ropeStyle     which numbers form a rotated pair
 * @param headSize      numbers per attention head; usually {@code dim / heads}, but Qwen3 (0.6B: width
 *                      1024, 16 heads of 128) projects the queries to more numbers than the residual stream has
 */
public record LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize,
                          int contextLength, float rmsEps, float ropeTheta, RopeStyle ropeStyle, int headSize) {

    /** Llama's default rotary base. */
    public static final float DEFAULT_ROPE_THETA = 10_000f;
    /** A common RMSNorm epsilon. */
    public static final float DEFAULT_RMS_EPS = 1e-5f;

    public LlamaConfig {
        positive("dim", dim);
        positive("hiddenDim", hiddenDim);
        positive("layers", layers);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("vocabSize", vocabSize);
        positive("contextLength", contextLength);
        positive("headSize", headSize);
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads cannot share " + kvHeads + " key/value heads evenly");
        }
        if (headSize % 2 != 0) {
            throw new IllegalArgumentException("the head size " + headSize + " must be even for rotary embeddings");
        }
        if (!(rmsEps > 0) || !(ropeTheta > 0)) {
            throw new IllegalArgumentException("rmsEps and ropeTheta must be positive");
        }
    }

    /** The usual shape, with heads of {@code dim / heads} numbers that together are as wide as the residual stream. */
    public LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize,
                       int contextLength, float rmsEps, float ropeTheta, RopeStyle ropeStyle) {
        if (heads <= 0 || dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " must split evenly into " + heads + " heads");
        }
        this(dim, hiddenDim, layers, heads, kvHeads, vocabSize, contextLength, rmsEps, ropeTheta, ropeStyle, dim / heads);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Width of all query heads together (the attention output's width): {@code dim} unless the heads say otherwise. */
    public int queryDim() {
        return heads * headSize;
    }

    /** Width of all key (or value) heads together. */
    public int kvDim() {
        return kvHeads * headSize();
    }

    /** How many query heads share one key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    /** Bytes the KV cache needs per position, in float32: keys and values, every layer. */
    public long kvCacheBytesPerToken() {
        return 2L * layers * kvDim() * Float.BYTES;
    }

    /** The same config with another context length. */
    public LlamaConfig withContextLength(int length) {
        return new LlamaConfig(dim, hiddenDim, layers, heads, kvHeads, vocabSize, length, rmsEps, ropeTheta, ropeStyle, headSize);
    }

    /** Number of weights (embedding and output head counted separately, as if untied). */
    public long parameterCount() {
        long perLayer = 2L * dim + 2L * dim * queryDim() + 2L * dim * kvDim() + 3L * dim * hiddenDim;
        return (long) layers * perLayer + 2L * vocabSize * dim + dim;
    }
}
