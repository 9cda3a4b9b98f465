package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiled product of a matrix with many inputs equals the matrix-vector product taken once per
 * input, for every weight format, in every corner of the tiling: rows that span several decoded
 * blocks and end with rows that fill no tile, tokens that fill no tile, rows shared across the cores.
 */
class BatchedProductTest {

    @ParameterizedTest
    @EnumSource(value = GgufType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void equalsOneProductPerInput(GgufType type) {
        int cols = 2048;                                  // a K-quant row holds whole 256-value super-blocks
        int rows = 2 * BatchedProduct.blockRows(cols) + BatchedProduct.ROWS + 3;
        assertTrue(rows >= Parallel.MIN_PARALLEL_ROWS, "rows enough to be shared across the cores");
        int n = 3 * BatchedProduct.TOKENS + 2;
        Random random = new Random(7);
        Matrix matrix = Matrix.from(type, randoms(random, rows * cols), rows, cols);
        float[][] xs = new float[n][];
        for (int t = 0; t < n; t++) xs[t] = randoms(random, cols);
        float[][] outs = new float[n][rows];

        matrix.matmulMany(xs, outs, n);

        float[] expected = new float[rows];
        for (int t = 0; t < n; t++) {
            matrix.matmul(xs[t], expected);
            for (int r = 0; r < rows; r++) {
                assertEquals(expected[r], outs[t][r], 1e-4 * Math.max(1, Math.abs(expected[r])), type + " token " + t + " row " + r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgufType.class, names = {"F32"})
    void takesRowsOfAnyLength(GgufType type) {
        int cols = 37, rows = 9, n = 6;                   // no whole vector in a row: the plain loop only
        Random random = new Random(11);
        Matrix matrix = Matrix.from(type, randoms(random, rows * cols), rows, cols);
        float[][] xs = {randoms(random, cols), randoms(random, cols), randoms(random, cols),
                randoms(random, cols), randoms(random, cols), randoms(random, cols)};
        float[][] outs = new float[n][rows];
        matrix.matmulMany(xs, outs, n);
        for (int t = 0; t < n; t++) {
            for (int r = 0; r < rows; r++) {
                assertEquals(matrix.dot(r, xs[t]), outs[t][r], 1e-4, "token " + t + " row " + r);
            }
        }
    }

    private static float[] randoms(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) random.nextGaussian();
        return values;
    }
}
