package dev.course.engine.generate.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two loops training spends its time in, vectorised: a dot product and "add a multiple of one
 * row to another" (axpy). Everything in training that is a matrix product is built from these.
 */
final class Vec {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Vec() {
    }

    /** {@code a[ao .. ao+n) · b[bo .. bo+n)}. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /** {@code y[yo .. yo+n) += alpha * x[xo .. xo+n)}. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector a = FloatVector.broadcast(S, alpha);
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(a, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /**
     * {@code out[t][o] = W[o] · in[t]} for every position {@code t}: a linear layer over a sequence.
     * {@code W} is {@code outDim x inDim}, row-major, as in the GGUF files.
     */
    static void linear(float[] out, float[] in, float[] w, int positions, int inDim, int outDim) {
        for (int t = 0; t < positions; t++) {
            for (int o = 0; o < outDim; o++) {
                out[t * outDim + o] = dot(w, o * inDim, in, t * inDim, inDim);
            }
        }
    }

    /**
     * The backward pass of {@link #linear}: given {@code dOut}, adds {@code dOut · W} to {@code dIn}
     * and {@code dOut^T · in} to {@code dW}.
     */
    static void linearBackward(float[] dIn, float[] dW, float[] dOut, float[] in, float[] w,
                               int positions, int inDim, int outDim) {
        for (int t = 0; t < positions; t++) {
            for (int o = 0; o < outDim; o++) {
                float g = dOut[t * outDim + o];
                if (g != 0) {
                    axpy(g, w, o * inDim, dIn, t * inDim, inDim);
                    axpy(g, in, t * inDim, dW, o * inDim, inDim);
                }
            }
        }
    }
}
