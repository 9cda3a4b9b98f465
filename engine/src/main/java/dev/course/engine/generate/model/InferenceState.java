package dev.course.engine.generate.model;

/**
 * The working memory of one generation: the KV cache plus a buffer per intermediate vector, so that
 * producing a token allocates nothing. Not shared between threads.
 */
public final class InferenceState {

    final KvCache cache;
    final float[] x;          // the residual stream
    final float[] xb;         // x normalised, then the attention output (queryDim wide)
    final float[] xb2;        // a projection back to dim
    final float[] q;
    final float[] k;
    final float[] v;
    final float[] hb;         // SwiGLU gate
    final float[] hb2;        // SwiGLU up
    final float[][] scores;   // per head: attention over positions
    final float[] cos;        // rotary angles of the current position
    final float[] sin;
    final float[] logits;
    private int length;       // positions already in the cache

    public InferenceState(LlamaConfig config) {
        cache = new KvCache(config);
        x = new float[config.dim()];
        xb = new float[Math.max(config.dim(), config.queryDim())];
        xb2 = new float[config.dim()];
        q = new float[config.queryDim()];
        k = new float[config.kvDim()];
        v = new float[config.kvDim()];
        hb = new float[config.hiddenDim()];
        hb2 = new float[config.hiddenDim()];
        scores = new float[config.heads()][config.contextLength()];
        cos = new float[config.headSize() / 2];
        sin = new float[config.headSize() / 2];
        logits = new float[config.vocabSize()];
    }

    public KvCache cache() {
        return cache;
    }

    /** Positions processed so far; the next token goes at this position. */
    public int length() {
        return length;
    }

    void advance() {
        length++;
    }

    /** Forgets everything: the next token is at position 0 again. */
    public void reset() {
        length = 0;
    }

    /** Keeps the first {@code positions} positions (to reuse a shared prompt prefix). */
    public void truncate(int positions) {
        if (positions < 0 || positions > length) {
            throw new IllegalArgumentException("cannot keep " + positions + " of " + length + " positions");
        }
        length = positions;
    }
}
