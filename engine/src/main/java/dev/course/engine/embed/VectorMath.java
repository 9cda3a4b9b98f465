package dev.course.engine.embed;

import org.apache.lucene.util.VectorUtil;

/** The little vector arithmetic embeddings need, on top of Lucene's SIMD {@link VectorUtil}. */
public final class VectorMath {

    private VectorMath() {
    }

    /** Scales {@code v} in place to length 1 (a zero vector stays zero) and returns it. */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            return v;
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    /** The dot product, which for unit vectors is the cosine similarity. */
    public static float dot(float[] a, float[] b) {
        return VectorUtil.dotProduct(a, b);
    }

    /** The cosine similarity of any two non-zero vectors. */
    public static float cosine(float[] a, float[] b) {
        return VectorUtil.cosine(a, b);
    }
}
