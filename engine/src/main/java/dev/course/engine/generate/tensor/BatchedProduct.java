package dev.course.engine.generate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * One weight matrix times many inputs ({@link Matrix#matmulMany}): a whole prompt through one
 * projection. Generation multiplies a matrix by one vector, so every weight is used once and the
 * time goes into reading it from memory. A prompt of 512 tokens uses every weight 512 times, and
 * then what costs is how often each number has to be <em>fetched</em> (from memory, from a cache,
 * into a register) for each multiplication. The product is tiled at three levels so that most
 * fetches are from the closest place:
 *
 * <ol>
 *   <li><b>Decoded once.</b> A block of {@link #blockRows rows} is decoded from its file format into
 *       floats once, and the whole prompt then passes over that block. Decoding a quantized format
 *       costs more than a multiplication, so decoding each row once per token (or per small group
 *       of tokens) would cost more than the products themselves.</li>
 *   <li><b>Kept in the caches.</b> The decoded block is sized ({@link #BLOCK_BYTES}) to stay in the
 *       core's L2 cache while every token passes over it, and the tokens pass over it
 *       {@value #TOKENS} at a time, whose inputs (a few KB) stay in L1 while they meet every row of
 *       the block.</li>
 *   <li><b>Reused from registers.</b> The innermost step multiplies {@value #ROWS} rows by
 *       {@value #TOKENS} tokens at once ({@link #tile}): per slice of {@code lanes} columns it loads
 *       four vectors of weights and four of inputs, and makes sixteen multiply-adds from them into
 *       sixteen running sums. Row by row (one weight vector, one input vector, one multiply-add)
 *       the processor spends its time loading; here it spends it multiplying.</li>
 * </ol>
 *
 * Each output is still the sum over the columns of {@code weight * input}, in float, so the result
 * equals {@link Matrix#matmul} for each input up to the order of the additions.
 *
 * <p>What llama.cpp does beyond this, and this class does not: it rounds the inputs to 8-bit integers
 * and multiplies integers with the processor's integer dot-product instructions, which the Vector
 * API does not offer. The measured speeds, before and after this tiling, are in docs/measurements.md.
 */
final class BatchedProduct {

    /** Rows multiplied at once in the innermost tile. */
    static final int ROWS = 4;
    /** Tokens multiplied at once in the innermost tile. */
    static final int TOKENS = 4;
    /** The decoded floats of one block of rows: half of a typical 1-2 MB L2 cache, leaving room for the inputs. */
    static final int BLOCK_BYTES = 256 * 1024;

    private BatchedProduct() {
    }

    /** {@code outs[t] = matrix · xs[t]} for {@code t < n}, rows shared across the cores. */
    static void multiply(Matrix matrix, float[][] xs, float[][] outs, int n) {
        int cols = matrix.cols();
        int blockRows = blockRows(cols);
        Parallel.forRange(matrix.rows(), (from, to) -> {
            float[][] decoded = new float[Math.min(blockRows, to - from)][cols];
            for (int first = from; first < to; first += blockRows) {
                int rows = Math.min(blockRows, to - first);
                decode(matrix, first, rows, decoded);
                multiplyBlock(decoded, rows, first, xs, outs, n, cols);
            }
        });
    }

    /**
     * Rows {@code first .. first+rows} of {@code matrix} as floats. A method of its own so that the JIT
     * compiles this loop alone; inline, a fresh process compiled the whole task around it mid-prompt.
     */
    private static void decode(Matrix matrix, int first, int rows, float[][] decoded) {
        for (int i = 0; i < rows; i++) {
            matrix.row(first + i, decoded[i], 0);
        }
    }

    /** Rows per decoded block: as many as fit {@link #BLOCK_BYTES}, a multiple of {@link #ROWS}. */
    static int blockRows(int cols) {
        return Math.max(ROWS, BLOCK_BYTES / (cols * Float.BYTES) / ROWS * ROWS);
    }

    /** Every token over the decoded rows {@code decoded[0 .. rows)}, which are rows {@code first ..} of the matrix. */
    private static void multiplyBlock(float[][] decoded, int rows, int first, float[][] xs, float[][] outs, int n, int cols) {
        int t = 0;
        for (; tiles(cols) && t + TOKENS <= n; t += TOKENS) {
            int r = 0;
            for (; r + ROWS <= rows; r += ROWS) {
                tile(decoded, r, xs, t, outs, first, cols);
            }
            for (; r < rows; r++) {                       // rows left over: one at a time
                for (int j = 0; j < TOKENS; j++) {
                    outs[t + j][first + r] = Vectors.dot(decoded[r], xs[t + j], cols);
                }
            }
        }
        for (; t < n; t++) {                              // tokens left over (or no tiles): one at a time
            for (int r = 0; r < rows; r++) {
                outs[t][first + r] = Vectors.dot(decoded[r], xs[t], cols);
            }
        }
    }

    /**
     * Rows {@code r .. r+3} of the block times tokens {@code t .. t+3}: sixteen dot products computed
     * together, each vector of weights and of inputs loaded once and used four times. Needs vectors
     * and a row length that is a multiple of the vector length ({@link #tiles}).
     */
    private static void tile(float[][] w, int r, float[][] xs, int t, float[][] outs, int first, int cols) {
        var f = Simd.FLOATS;
        float[] w0 = w[r], w1 = w[r + 1], w2 = w[r + 2], w3 = w[r + 3];
        float[] x0 = xs[t], x1 = xs[t + 1], x2 = xs[t + 2], x3 = xs[t + 3];
        FloatVector s00 = FloatVector.zero(f), s01 = FloatVector.zero(f), s02 = FloatVector.zero(f), s03 = FloatVector.zero(f);
        FloatVector s10 = FloatVector.zero(f), s11 = FloatVector.zero(f), s12 = FloatVector.zero(f), s13 = FloatVector.zero(f);
        FloatVector s20 = FloatVector.zero(f), s21 = FloatVector.zero(f), s22 = FloatVector.zero(f), s23 = FloatVector.zero(f);
        FloatVector s30 = FloatVector.zero(f), s31 = FloatVector.zero(f), s32 = FloatVector.zero(f), s33 = FloatVector.zero(f);
        for (int c = 0; c < cols; c += f.length()) {
            FloatVector a0 = FloatVector.fromArray(f, x0, c), a1 = FloatVector.fromArray(f, x1, c);
            FloatVector a2 = FloatVector.fromArray(f, x2, c), a3 = FloatVector.fromArray(f, x3, c);
            FloatVector b = FloatVector.fromArray(f, w0, c);            // row 0 with the four tokens
            s00 = b.fma(a0, s00); s01 = b.fma(a1, s01); s02 = b.fma(a2, s02); s03 = b.fma(a3, s03);
            b = FloatVector.fromArray(f, w1, c);                        // row 1
            s10 = b.fma(a0, s10); s11 = b.fma(a1, s11); s12 = b.fma(a2, s12); s13 = b.fma(a3, s13);
            b = FloatVector.fromArray(f, w2, c);                        // row 2
            s20 = b.fma(a0, s20); s21 = b.fma(a1, s21); s22 = b.fma(a2, s22); s23 = b.fma(a3, s23);
            b = FloatVector.fromArray(f, w3, c);                        // row 3
            s30 = b.fma(a0, s30); s31 = b.fma(a1, s31); s32 = b.fma(a2, s32); s33 = b.fma(a3, s33);
        }
        int row = first + r;
        store(outs[t], row, s00, s10, s20, s30);
        store(outs[t + 1], row, s01, s11, s21, s31);
        store(outs[t + 2], row, s02, s12, s22, s32);
        store(outs[t + 3], row, s03, s13, s23, s33);
    }

    /** One token's four outputs, rows {@code row .. row+3}: each the sum of its vector's lanes. */
    private static void store(float[] out, int row, FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3) {
        out[row] = s0.reduceLanes(VectorOperators.ADD);
        out[row + 1] = s1.reduceLanes(VectorOperators.ADD);
        out[row + 2] = s2.reduceLanes(VectorOperators.ADD);
        out[row + 3] = s3.reduceLanes(VectorOperators.ADD);
    }

    /** Whether {@link #tile} can take rows of {@code cols} numbers (quantized rows always qualify: blocks of 32). */
    static boolean tiles(int cols) {
        return Simd.FLOAT_VECTORS && cols % Simd.FLOATS.length() == 0;
    }
}
