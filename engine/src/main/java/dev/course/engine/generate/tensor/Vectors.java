package dev.course.engine.generate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** The dot product of two float arrays, vectorised: the inner loop of {@link Matrix#matmulMany}. */
public final class Vectors {

    private Vectors() {
    }

    /** {@code a[0 .. n) · b[0 .. n)}. */
    public static float dot(float[] a, float[] b, int n) {
        int i = 0;
        float sum = 0;
        if (Simd.FLOAT_VECTORS) {
            FloatVector acc = FloatVector.zero(Simd.FLOATS);
            for (int upper = Simd.FLOATS.loopBound(n); i < upper; i += Simd.FLOATS.length()) {
                acc = FloatVector.fromArray(Simd.FLOATS, a, i).fma(FloatVector.fromArray(Simd.FLOATS, b, i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
