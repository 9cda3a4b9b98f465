package dev.course.engine.generate.sample;

/**
 * How to pick the next token from the model's logits.
 *
 * @param temperature       divides the logits: below 1 sharpens the distribution, above 1 flattens it;
 *                          0 means greedy (always the most likely token)
 * @param topK              keep only the k most likely tokens (0 = all)
 * @param topP              keep the smallest set of most likely tokens whose probabilities reach p (1 = all)
 * @param repetitionPenalty above 1 makes tokens already in the text less likely (1 = off)
 * @param seed              the random seed, so a run can be repeated exactly
 */
public record SamplingConfig(float temperature, int topK, float topP, float repetitionPenalty, long seed) {

    public static final float DEFAULT_TEMPERATURE = 0.7f;
    public static final int DEFAULT_TOP_K = 40;
    public static final float DEFAULT_TOP_P = 0.95f;
    public static final float DEFAULT_REPETITION_PENALTY = 1.1f;
    public static final long DEFAULT_SEED = 42;
    /** How many recent tokens the repetition penalty looks at. */
    public static final int REPETITION_WINDOW = 64;

    public SamplingConfig {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 or more, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be 0 (off) or more, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (!(repetitionPenalty >= 1)) {
            throw new IllegalArgumentException("repetitionPenalty must be 1 (off) or more, got " + repetitionPenalty);
        }
    }

    /** The defaults: temperature 0.7, top-k 40, top-p 0.95, repetition penalty 1.1, seed 42. */
    public static SamplingConfig defaults() {
        return new SamplingConfig(DEFAULT_TEMPERATURE, DEFAULT_TOP_K, DEFAULT_TOP_P, DEFAULT_REPETITION_PENALTY, DEFAULT_SEED);
    }

    /** Always the most likely token. */
    public static SamplingConfig greedy() {
        return new SamplingConfig(0, 0, 1, 1, DEFAULT_SEED);
    }

    public SamplingConfig withTemperature(float t) {
        return new SamplingConfig(t, topK, topP, repetitionPenalty, seed);
    }

    public SamplingConfig withTopK(int k) {
        return new SamplingConfig(temperature, k, topP, repetitionPenalty, seed);
    }

    public SamplingConfig withTopP(float p) {
        return new SamplingConfig(temperature, topK, p, repetitionPenalty, seed);
    }

    public SamplingConfig withRepetitionPenalty(float penalty) {
        return new SamplingConfig(temperature, topK, topP, penalty, seed);
    }

    public SamplingConfig withSeed(long s) {
        return new SamplingConfig(temperature, topK, topP, repetitionPenalty, s);
    }
}
