package dev.course.engine.generate.bench;

import dev.course.engine.generate.sample.Sampler;
import dev.course.engine.generate.sample.SamplingConfig;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What choosing one token costs: {@link Sampler#distribution} (softmax, then top-k and top-p cut
 * from the head of the ranking) against the plain way as the baseline, in the same run: sort the
 * whole vocabulary by probability and walk down it. Both must give the same distribution, which is
 * checked before anything is timed.
 */
public final class SamplingBenchmark {

    /** SmolLM2's vocabulary. */
    public static final int DEFAULT_VOCABULARY = 49_152;
    /** Tokens timed each way; the best of {@link #ROUNDS} rounds is kept. */
    public static final int TOKENS = 100;
    public static final int ROUNDS = 5;

    /**
     * One measurement.
     *
     * @param msPerToken         {@link Sampler#distribution} per token
     * @param baselineMsPerToken the same distribution by sorting the whole vocabulary
     */
    public record Result(int vocabulary, SamplingConfig config, double msPerToken, double baselineMsPerToken) {

        public double speedup() {
            return baselineMsPerToken / msPerToken;
        }

        public String toJson() {
            return String.format(Locale.ROOT, "{\"bench\": \"sample\", \"vocabulary\": %d, \"temperature\": %.2f, \"top_k\": %d, "
                            + "\"top_p\": %.2f, \"ms_per_token\": %.3f, \"baseline_ms_per_token\": %.3f, \"speedup\": %.1f}",
                    vocabulary, config.temperature(), config.topK(), config.topP(), msPerToken, baselineMsPerToken, speedup());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "temperature %.2f, top-k %d, top-p %.2f over %,d tokens: %.3f ms per token; "
                            + "sorting the vocabulary %.3f ms; %.1fx faster",
                    config.temperature(), config.topK(), config.topP(), vocabulary, msPerToken, baselineMsPerToken, speedup());
        }
    }

    private SamplingBenchmark() {
    }

    /** Times {@code config} on logits shaped like a language model's: a few likely tokens, a long tail. */
    public static Result run(SamplingConfig config, int vocabulary) {
        float[] logits = logits(vocabulary, 7);
        Sampler sampler = new Sampler(config);
        float[] ours = sampler.distribution(logits, null);
        float[] baseline = bySorting(logits, config);
        for (int i = 0; i < vocabulary; i++) {
            if (Math.abs(ours[i] - baseline[i]) > 1e-6f) {
                throw new IllegalStateException("token " + i + ": " + ours[i] + " but the baseline gives " + baseline[i]);
            }
        }
        double best = Double.MAX_VALUE, bestBaseline = Double.MAX_VALUE;
        float sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int t = 0; t < TOKENS; t++) sink += sampler.distribution(logits, null)[t];
            best = Math.min(best, (System.nanoTime() - start) / 1e6 / TOKENS);
            start = System.nanoTime();
            for (int t = 0; t < TOKENS; t++) sink += bySorting(logits, config)[t];
            bestBaseline = Math.min(bestBaseline, (System.nanoTime() - start) / 1e6 / TOKENS);
        }
        if (sink == 42) System.out.print("");                 // keep the results alive
        return new Result(vocabulary, config, best, bestBaseline);
    }

    /** The baseline: softmax of the tempered logits, every token sorted by probability, cut, renormalised. */
    static float[] bySorting(float[] logits, SamplingConfig config) {
        float[] x = logits.clone();
        for (int i = 0; i < x.length; i++) x[i] /= config.temperature();
        float[] p = Sampler.softmax(x);
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
        int keep = config.topK() == 0 ? p.length : Math.min(config.topK(), p.length);
        double cumulative = 0;
        for (int rank = 0; rank < keep; rank++) {
            cumulative += p[order[rank]];
            if (cumulative >= config.topP()) {
                keep = rank + 1;
                break;
            }
        }
        double kept = 0;
        for (int rank = 0; rank < keep; rank++) kept += p[order[rank]];
        float[] out = new float[p.length];
        for (int rank = 0; rank < keep; rank++) out[order[rank]] = (float) (p[order[rank]] / kept);
        return out;
    }

    /** Gaussian logits with a handful of strong candidates, as after a real forward pass. */
    static float[] logits(int vocabulary, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] logits = new float[vocabulary];
        for (int i = 0; i < vocabulary; i++) logits[i] = (float) (random.nextGaussian() * 2);
        for (int i = 0; i < 8; i++) logits[random.nextInt(vocabulary)] += 8 - i;
        return logits;
    }
}
