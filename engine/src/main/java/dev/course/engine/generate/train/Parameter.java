package dev.course.engine.generate.train;

import java.util.Objects;
import java.util.Random;

/**
 * One trainable tensor: its values, its gradient, and AdamW's two running averages.
 *
 * @param name  the GGUF tensor name it is saved under, e.g. {@code blk.0.attn_q.weight}
 * @param shape outermost first ({@code rows, cols}) or {@code {n}} for a vector
 */
public record Parameter(String name, int[] shape, float[] value, float[] grad, float[] m, float[] v) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        int n = 1;
        for (int d : shape) n *= d;
        if (value.length != n || grad.length != n || m.length != n || v.length != n) {
            throw new IllegalArgumentException(name + ": arrays must hold " + n + " numbers");
        }
    }

    /** A parameter filled with {@code N(0, std)} numbers, or with ones when {@code std} is 0 (norm gains). */
    static Parameter create(String name, Random random, float std, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] value = new float[n];
        for (int i = 0; i < n; i++) {
            value[i] = std == 0 ? 1f : (float) (random.nextGaussian() * std);
        }
        return new Parameter(name, shape.clone(), value, new float[n], new float[n], new float[n]);
    }

    public int size() {
        return value.length;
    }

    /** Whether weight decay applies: to matrices, not to norm gains. */
    public boolean isMatrix() {
        return shape.length == 2;
    }
}
