package dev.course.engine.generate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The small vector loops around the matrix products, vectorised: dot products, softmax and weighted
 * sums for attention and {@link Matrix#matmulMany}, and the SwiGLU gate. Each has a plain loop for the lanes
 * that do not fill a vector, which is also what it computes.
 */
public final class Vectors {

    private Vectors() {
    }

    /** {@code a[0 .. n) · b[0 .. n)}. */
    public static float dot(float[] a, float[] b, int n) {
        return dot(a, 0, b, 0, n);
    }

    /** {@code a[aFrom .. aFrom + n) · b[bFrom .. bFrom + n)}: one query against one cached key. */
    public static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        int i = 0;
        float sum = 0;
        if (Simd.FLOAT_VECTORS) {
            FloatVector acc = FloatVector.zero(Simd.FLOATS);
            for (int upper = Simd.FLOATS.loopBound(n); i < upper; i += Simd.FLOATS.length()) {
                acc = FloatVector.fromArray(Simd.FLOATS, a, aFrom + i).fma(FloatVector.fromArray(Simd.FLOATS, b, bFrom + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += a[aFrom + i] * b[bFrom + i];
        }
        return sum;
    }

    /** {@code out[outFrom + i] += weight * x[xFrom + i]} for {@code i < n}: adds one weighted value to an attention output. */
    public static void addScaled(float weight, float[] x, int xFrom, float[] out, int outFrom, int n) {
        int i = 0;
        if (Simd.FLOAT_VECTORS) {
            FloatVector w = FloatVector.broadcast(Simd.FLOATS, weight);
            for (int upper = Simd.FLOATS.loopBound(n); i < upper; i += Simd.FLOATS.length()) {
                FloatVector sum = FloatVector.fromArray(Simd.FLOATS, x, xFrom + i)
                        .fma(w, FloatVector.fromArray(Simd.FLOATS, out, outFrom + i));
                sum.intoArray(out, outFrom + i);
            }
        }
        for (; i < n; i++) {
            out[outFrom + i] += weight * x[xFrom + i];
        }
    }

    /**
     * {@code out[outFrom .. outFrom + n) = sum over t < count of weights[weightsFrom + t] * values[valuesFrom + t * stride ..]}:
     * attention's weighted sum of the cached values, one value every {@code stride} numbers. Each
     * vector of the output stays in a register while every position adds to it, instead of being
     * loaded and stored again for each position as {@link #addScaled} does.
     */
    public static void weightedSum(float[] weights, int weightsFrom, int count, float[] values, int valuesFrom, int stride,
                                   float[] out, int outFrom, int n) {
        int i = 0;
        if (Simd.FLOAT_VECTORS) {
            for (int upper = Simd.FLOATS.loopBound(n); i < upper; i += Simd.FLOATS.length()) {
                FloatVector acc = FloatVector.zero(Simd.FLOATS);
                for (int t = 0, at = valuesFrom + i; t < count; t++, at += stride) {
                    acc = FloatVector.fromArray(Simd.FLOATS, values, at).fma(FloatVector.broadcast(Simd.FLOATS, weights[weightsFrom + t]), acc);
                }
                acc.intoArray(out, outFrom + i);
            }
        }
        for (; i < n; i++) {
            float sum = 0;
            for (int t = 0; t < count; t++) {
                sum += weights[weightsFrom + t] * values[valuesFrom + t * stride + i];
            }
            out[outFrom + i] = sum;
        }
    }

    /**
     * SwiGLU's gate, in place: {@code gate[i] = silu(gate[i]) * up[i]} with {@code silu(g) = g / (1 + e^-g)}.
     * A model with a hidden width of 1536 and 30 layers takes 46,080 exponentials per token; one at a
     * time they cost more than some of the matrix products.
     */
    public static void swiGlu(float[] gate, float[] up, int n) {
        int i = 0;
        if (Simd.FLOAT_VECTORS) {
            for (int upper = Simd.FLOATS.loopBound(n); i < upper; i += Simd.FLOATS.length()) {
                FloatVector g = FloatVector.fromArray(Simd.FLOATS, gate, i);
                FloatVector silu = g.div(g.neg().lanewise(VectorOperators.EXP).add(1f));
                silu.mul(FloatVector.fromArray(Simd.FLOATS, up, i)).intoArray(gate, i);
            }
        }
        for (; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    /**
     * Softmax of {@code x[0 .. n)} in place: {@code x[i] = e^(x[i] - max) / sum}, shifted by the
     * maximum so that no exponential overflows. Attention takes one per head, layer and token — at
     * position 48 of a 30-layer model with 9 heads, 13,000 exponentials per token; one at a time
     * (Math.exp) they were half of all the work outside the matrix products.
     */
    public static void softmax(float[] x, int n) {
        softmax(x, 0, n);
    }

    /** {@link #softmax(float[], int)} of {@code x[from .. from + n)}: one row of a block of scores. */
    public static void softmax(float[] x, int from, int n) {
        int lanes = Simd.FLOATS.length();
        int upper = Simd.FLOAT_VECTORS ? Simd.FLOATS.loopBound(n) : 0;
        float max = Float.NEGATIVE_INFINITY;
        if (upper > 0) {
            FloatVector maxima = FloatVector.broadcast(Simd.FLOATS, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < upper; i += lanes) {
                maxima = maxima.max(FloatVector.fromArray(Simd.FLOATS, x, from + i));
            }
            max = maxima.reduceLanes(VectorOperators.MAX);
        }
        for (int i = upper; i < n; i++) {
            max = Math.max(max, x[from + i]);
        }
        float sum = 0;
        if (upper > 0) {
            FloatVector sums = FloatVector.zero(Simd.FLOATS);
            for (int i = 0; i < upper; i += lanes) {
                FloatVector e = FloatVector.fromArray(Simd.FLOATS, x, from + i).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(x, from + i);
                sums = sums.add(e);
            }
            sum = sums.reduceLanes(VectorOperators.ADD);
        }
        for (int i = upper; i < n; i++) {
            x[from + i] = (float) Math.exp(x[from + i] - max);
            sum += x[from + i];
        }
        float inverse = 1 / sum;
        int i = 0;
        for (; i < upper; i += lanes) {
            FloatVector.fromArray(Simd.FLOATS, x, from + i).mul(inverse).intoArray(x, from + i);
        }
        for (; i < n; i++) {
            x[from + i] *= inverse;
        }
    }
}
