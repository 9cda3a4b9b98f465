package dev.course.engine.generate.sample;

import dev.course.engine.generate.tensor.Vectors;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Picks the next token. The steps, in order: penalise repeated tokens, divide by the temperature,
 * softmax into probabilities, keep the top k, keep the top p, renormalise, draw. With temperature 0
 * it is simply the most likely token. {@link #distribution} exposes the probabilities just before
 * the draw, which is what the sampling lesson plots.
 */
public final class Sampler {

    private final SamplingConfig config;
    private final Random random;

    public Sampler(SamplingConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    public SamplingConfig config() {
        return config;
    }

    /** The next token for {@code logits}, given the tokens so far (for the repetition penalty). */
    public int sample(float[] logits, int[] history) {
        if (config.temperature() == 0) {
            return argmax(penalised(logits, history));
        }
        float[] p = distribution(logits, history);
        double r = random.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                cumulative += p[i];
                last = i;
                if (r < cumulative) {
                    return i;
                }
            }
        }
        return last;
    }

    /** The probabilities the draw uses: zero outside top-k/top-p, summing to 1. */
    public float[] distribution(float[] logits, int[] history) {
        float[] x = penalised(logits, history);
        if (config.temperature() == 0) {
            float[] oneHot = new float[x.length];
            oneHot[argmax(x)] = 1;
            return oneHot;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= config.temperature();
        }
        float[] p = softmax(x);
        if (config.topK() == 0 && config.topP() >= 1) {
            return p;                                                       // nothing to cut: no ranking needed
        }
        int[] kept = TopTokens.head(p, config.topK(), config.topP());   // most probable first, cut by top-k and top-p
        double keptSum = 0;
        for (int token : kept) keptSum += p[token];
        float[] out = new float[p.length];
        for (int token : kept) out[token] = (float) (p[token] / keptSum);
        return out;
    }

    private float[] penalised(float[] logits, int[] history) {
        float[] x = logits.clone();
        if (config.repetitionPenalty() > 1 && history != null) {
            boolean[] seen = new boolean[x.length];
            for (int i = Math.max(0, history.length - SamplingConfig.REPETITION_WINDOW); i < history.length; i++) {
                int t = history[i];
                if (t >= 0 && t < x.length && !seen[t]) {
                    seen[t] = true;
                    x[t] = x[t] > 0 ? x[t] / config.repetitionPenalty() : x[t] * config.repetitionPenalty();
                }
            }
        }
        return x;
    }

    /** Index of the largest value (the first, on ties). */
    public static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) best = i;
        }
        return best;
    }

    /** A new array: {@code exp(x_i - max) / sum}. */
    public static float[] softmax(float[] logits) {
        float[] p = logits.clone();
        Vectors.softmax(p, p.length);
        return p;
    }

    /** The {@code k} most probable entries of {@code probabilities}, most probable first. */
    public static List<Candidate> top(float[] probabilities, int k, IntFunction<String> text) {
        return Arrays.stream(TopTokens.mostProbable(probabilities, k))
                .mapToObj(i -> new Candidate(i, text.apply(i), probabilities[i])).toList();
    }
}
