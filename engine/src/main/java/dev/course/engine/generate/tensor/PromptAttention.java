package dev.course.engine.generate.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * Causal attention for a whole prompt at once, tiled as {@link BatchedProduct} tiles the products.
 *
 * <p>Token by token, attention takes one dot product per query, key and head, each ending in a sum of
 * a vector's lanes (a dozen instructions of shuffling for four multiply-adds at a head size of 64):
 * over a 512-token prompt, 22% of the prompt's time (docs/measurements.md). Here the work goes by
 * blocks instead: {@value #QUERY_TOKENS} prompt tokens times every query head that shares one key/value
 * head (grouped-query attention), against the keys {@code lanes} positions at a time. A block of keys
 * is turned on its side once ({@code keysT[d][j]}, number {@code d} of key {@code j}), so that one
 * multiply-add of a query's number {@code d}, broadcast, with row {@code d} of that block gives a
 * step of {@code lanes} scores at once: no lane sums at all, and each block of keys is read once for
 * dozens of queries. The weighted sum of the values then runs with the output in registers, one
 * vector of values per position.
 *
 * <p>Each score is still {@code q · k / sqrt(headSize)}, followed by the same softmax
 * ({@link Vectors#softmax}); only the order of the additions differs from the token-by-token path,
 * which {@code -Dcourse.generate.tiledAttention=false} restores (and which runs where there are no
 * vectors, or the head size is not a whole number of vectors).
 */
public final class PromptAttention {

    /** Whether the prompt's attention is tiled: {@code -Dcourse.generate.tiledAttention=false} turns it off. */
    public static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("course.generate.tiledAttention", "true"));
    /** Prompt tokens per block: with three query heads per key head, 48 queries share each block of keys. */
    static final int QUERY_TOKENS = 16;

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private PromptAttention() {
    }

    /** Whether {@link #attend} can take heads of {@code headSize} numbers on this machine. */
    public static boolean applies(int headSize) {
        return ENABLED && Simd.FLOAT_VECTORS && headSize % Simd.FLOATS.length() == 0;
    }

    /**
     * Attention of prompt tokens {@code 0 .. n)}, at positions {@code start ..}, over the cache up to each
     * one's own position: writes each token's heads, side by side, into {@code out[t][0 .. heads * headSize)}.
     *
     * @param q        the tokens' queries (after RoPE), {@code heads * headSize} each
     * @param keys     the layer's key cache, {@code kvHeads * headSize} per position, filled up to {@code start + n}
     * @param values   the layer's value cache, laid out as {@code keys}
     */
    public static void attend(float[][] q, int n, int start, float[] keys, float[] values, int heads, int kvHeads,
                              int headSize, float[][] out) {
        int blocks = (n + QUERY_TOKENS - 1) / QUERY_TOKENS;
        // The last blocks see the most keys: handed out first, so that the cores finish together.
        Parallel.forEach(blocks * kvHeads, item -> {
            int block = blocks - 1 - item / kvHeads;
            int from = block * QUERY_TOKENS;
            attendBlock(q, from, Math.min(n, from + QUERY_TOKENS), start, keys, values, heads, kvHeads, item % kvHeads,
                    headSize, out);
        });
    }

    /** Tokens {@code from .. to)}, the query heads of key/value head {@code kvHead}. */
    private static void attendBlock(float[][] q, int from, int to, int start, float[] keys, float[] values, int heads,
                                    int kvHeads, int kvHead, int headSize, float[][] out) {
        var f = Simd.FLOATS;
        int lanes = f.length();
        int group = heads / kvHeads;
        int kvDim = kvHeads * headSize;
        int kvBase = kvHead * headSize;
        int rows = (to - from) * group;                         // row r: token from + r / group, head kvHead * group + r % group
        int positions = start + to;                             // keys 0 .. positions) are needed
        int width = (positions + lanes - 1) / lanes * lanes;
        float[] scratch = scratch(headSize * lanes + rows * width);
        int scoresAt = headSize * lanes;                        // scratch: one block of keys on its side, then the scores
        float scale = (float) (1.0 / Math.sqrt(headSize));

        for (int k0 = 0; k0 < positions; k0 += lanes) {
            int count = Math.min(lanes, positions - k0);
            for (int j = 0; j < lanes; j++) {                   // keysT[d][j] = key k0 + j, number d (zero past the end)
                int key = (k0 + j) * kvDim + kvBase;
                for (int d = 0; d < headSize; d++) {
                    scratch[d * lanes + j] = j < count ? keys[key + d] : 0f;
                }
            }
            for (int r = 0; r < rows; r++) {
                int t = from + r / group;
                if (k0 > start + t) {
                    continue;                                   // every key of the block is in this token's future
                }
                float[] query = q[t];
                int qBase = (kvHead * group + r % group) * headSize;
                FloatVector acc = FloatVector.zero(f);
                for (int d = 0; d < headSize; d++) {
                    acc = FloatVector.fromArray(f, scratch, d * lanes).fma(FloatVector.broadcast(f, query[qBase + d]), acc);
                }
                acc.mul(scale).intoArray(scratch, scoresAt + r * width + k0);
            }
        }
        for (int r = 0; r < rows; r++) {
            int t = from + r / group;
            int seen = start + t + 1;                            // the causal mask: positions 0 .. start + t
            int row = scoresAt + r * width;
            Vectors.softmax(scratch, row, seen);
            int outBase = (kvHead * group + r % group) * headSize;
            Vectors.weightedSum(scratch, row, seen, values, kvBase, kvDim, out[t], outBase, headSize);   // sum of weight_j * value_j
        }
    }

    private static float[] scratch(int size) {
        float[] scratch = SCRATCH.get();
        if (scratch.length < size) {
            scratch = new float[size];
            SCRATCH.set(scratch);
        }
        return scratch;
    }
}
