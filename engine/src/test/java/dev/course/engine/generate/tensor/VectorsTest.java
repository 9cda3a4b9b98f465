package dev.course.engine.generate.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector loops against the plain loops they stand for, at lengths that do and do not fill vectors. */
class VectorsTest {

    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void dotFromOffsetsMatchesThePlainSum() {
        for (int n : new int[]{0, 1, 7, 16, 33, 64, 100}) {
            float[] a = randoms(n + 5), b = randoms(n + 9);
            double expected = 0;
            for (int i = 0; i < n; i++) {
                expected += (double) a[3 + i] * b[8 + i];
            }
            assertEquals(expected, Vectors.dot(a, 3, b, 8, n), 1e-4, "n = " + n);
        }
    }

    @Test
    void addScaledTouchesOnlyItsRange() {
        for (int n : new int[]{1, 15, 16, 64, 70}) {
            float[] x = randoms(n + 2), out = randoms(n + 6);
            float[] expected = out.clone();
            for (int i = 0; i < n; i++) {
                expected[4 + i] += 0.25f * x[2 + i];
            }
            Vectors.addScaled(0.25f, x, 2, out, 4, n);
            assertArrayEquals(expected, out, 1e-6f, "n = " + n);
        }
    }

    @Test
    void weightedSumAddsEveryStridedValueAndTouchesOnlyItsRange() {
        int stride = 80;
        for (int n : new int[]{1, 15, 16, 64, 70}) {
            for (int count : new int[]{1, 3, 17}) {
                float[] weights = randoms(count + 2), values = randoms(5 + count * stride), out = randoms(n + 6);
                float[] expected = out.clone();
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int t = 0; t < count; t++) sum += (double) weights[2 + t] * values[5 + t * stride + i];
                    expected[4 + i] = (float) sum;
                }
                Vectors.weightedSum(weights, 2, count, values, 5, stride, out, 4, n);
                assertArrayEquals(expected, out, 1e-5f, "n = " + n + ", count = " + count);
            }
        }
    }

    @Test
    void swiGluIsSiluOfTheGateTimesUp() {
        int n = 1536 + 5;
        float[] gate = randoms(n), up = randoms(n);
        for (int i = 0; i < 8; i++) {
            gate[i] = (i - 4) * 10f;               // far into both tails of the sigmoid
        }
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = (float) (gate[i] / (1 + Math.exp(-gate[i])) * up[i]);
        }
        Vectors.swiGlu(gate, up, n);
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], gate[i], 1e-6 * Math.max(1, Math.abs(expected[i])), "at " + i);
        }
    }

    @Test
    void softmaxMatchesTheDoublePrecisionFormulaAndLeavesTheRestAlone() {
        for (int n : new int[]{1, 7, 16, 33, 64, 100, 1000}) {
            float[] x = randoms(n + 3);
            for (int i = 0; i < n; i++) {
                x[i] *= 20;                         // logits far apart: the maximum shift matters
            }
            x[n / 2] = 85;                          // e^85 overflows a float without the shift
            float[] before = x.clone();
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < n; i++) max = Math.max(max, before[i]);
            for (int i = 0; i < n; i++) sum += Math.exp(before[i] - max);
            Vectors.softmax(x, n);
            double total = 0;
            for (int i = 0; i < n; i++) {
                double expected = Math.exp(before[i] - max) / sum;
                assertEquals(expected, x[i], 1e-6 * Math.max(expected, 1e-3), "n " + n + " at " + i);
                total += x[i];
            }
            assertEquals(1.0, total, 1e-5, "n " + n);
            assertArrayEquals(new float[]{before[n], before[n + 1], before[n + 2]}, new float[]{x[n], x[n + 1], x[n + 2]});
        }
    }

    private float[] randoms(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return values;
    }
}
