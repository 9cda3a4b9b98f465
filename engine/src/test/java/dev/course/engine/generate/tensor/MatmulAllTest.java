package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Matrix#matmulAll} hands each matrix the part of a thread's share of rows that falls in it
 * ({@link Matrix#dotRows}); a share can start in one matrix and end in the next.
 */
class MatmulAllTest {

    @Test
    void matricesOfMixedFormatsAndSizesGetEveryRowOnceAsEachOwnDotGives() {
        SplittableRandom random = new SplittableRandom(7);
        int cols = 256;
        GgufType[] types = {GgufType.Q4_0, GgufType.Q8_0, GgufType.Q4_K, GgufType.Q6_K, GgufType.F32};
        int[] rows = {100, 37, 70, 1, 64};
        Matrix[] matrices = new Matrix[types.length];
        float[][] outs = new float[types.length][];
        for (int m = 0; m < types.length; m++) {
            float[] values = new float[rows[m] * cols];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            matrices[m] = Matrix.from(types[m], values, rows[m], cols);
            outs[m] = new float[rows[m]];
            java.util.Arrays.fill(outs[m], Float.NaN);
        }
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int round = 0; round < 20; round++) {                 // the workers awake and asleep, shares split differently
            Matrix.matmulAll(x, matrices, outs);
            for (int m = 0; m < types.length; m++) {
                for (int r = 0; r < rows[m]; r++) {
                    assertEquals(matrices[m].dot(r, x), outs[m][r], 0f, types[m] + " row " + r);
                }
            }
        }
    }

    @Test
    void matmulOfAQuantizedMatrixIsItsDotRowByRow() {
        SplittableRandom random = new SplittableRandom(8);
        float[] values = new float[300 * 512];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        Matrix matrix = Matrix.from(GgufType.Q4_K, values, 300, 512);
        float[] x = new float[512];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = new float[300];
        matrix.matmul(x, out);
        for (int r = 0; r < 300; r++) {
            assertEquals(matrix.dot(r, x), out[r], 0f, "row " + r);
        }
    }
}
