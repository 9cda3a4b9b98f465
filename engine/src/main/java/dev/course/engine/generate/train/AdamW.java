package dev.course.engine.generate.train;

import java.util.List;

/**
 * Adam with decoupled weight decay. Each weight keeps a running mean of its gradient ({@code m},
 * the direction) and of its squared gradient ({@code v}, the typical size); the step is
 * {@code m / sqrt(v)}, so every weight moves at a similar pace whatever the scale of its gradient.
 * Weight decay pulls matrices gently towards zero, separately from the gradient.
 */
public final class AdamW {

    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.95f;
    public static final float EPSILON = 1e-8f;

    private final float weightDecay;
    private int step;

    public AdamW(float weightDecay) {
        this.weightDecay = weightDecay;
    }

    /** Steps taken so far. */
    public int step() {
        return step;
    }

    void restore(int steps) {
        this.step = steps;
    }

    /** One update of every parameter from its {@code grad}, at learning rate {@code lr}. */
    public void update(List<Parameter> parameters, float lr) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (Parameter p : parameters) {
            float decay = p.isMatrix() ? weightDecay : 0f;
            float[] w = p.value(), g = p.grad(), m = p.m(), v = p.v();
            for (int i = 0; i < w.length; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                double mHat = m[i] / correction1;
                double vHat = v[i] / correction2;
                w[i] -= (float) (lr * (mHat / (Math.sqrt(vHat) + EPSILON) + decay * w[i]));
            }
        }
    }

    /** Scales all gradients down so that their global norm is at most {@code maxNorm}; returns the norm before. */
    public static double clipGradients(List<Parameter> parameters, double maxNorm) {
        double sumOfSquares = 0;
        for (Parameter p : parameters) {
            for (float g : p.grad()) sumOfSquares += (double) g * g;
        }
        double norm = Math.sqrt(sumOfSquares);
        if (norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            for (Parameter p : parameters) {
                float[] g = p.grad();
                for (int i = 0; i < g.length; i++) g[i] *= scale;
            }
        }
        return norm;
    }
}
