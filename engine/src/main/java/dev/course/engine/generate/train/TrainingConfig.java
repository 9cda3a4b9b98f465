package dev.course.engine.generate.train;

import dev.course.engine.generate.model.LlamaConfig;
import dev.course.engine.generate.model.RopeStyle;

/**
 * Everything that decides a training run: the model's shape, the tokenizer's size and the
 * optimisation schedule.
 *
 * @param vocabSize    tokens in the byte-level BPE vocabulary (256 bytes + merges + end-of-text)
 * @param dim          residual width
 * @param layers       transformer blocks
 * @param heads        query heads
 * @param kvHeads      key/value heads (fewer than heads: grouped-query attention)
 * @param hiddenDim    SwiGLU width
 * @param seqLen       tokens per training sequence (also the model's context length)
 * @param batchSize    sequences per step
 * @param steps        optimisation steps
 * @param learningRate peak learning rate
 * @param warmupSteps  steps of linear warm-up before the cosine decay
 * @param weightDecay  AdamW's decoupled weight decay (matrices only)
 * @param gradClip     largest allowed global gradient norm
 * @param evalEvery    steps between validation-loss measurements
 * @param seed         for the initial weights and the batches
 */
public record TrainingConfig(int vocabSize, int dim, int layers, int heads, int kvHeads, int hiddenDim,
                             int seqLen, int batchSize, int steps, float learningRate, int warmupSteps,
                             float weightDecay, float gradClip, int evalEvery, long seed) {

    public TrainingConfig {
        new LlamaConfig(dim, hiddenDim, layers, heads, kvHeads, vocabSize, seqLen, LlamaConfig.DEFAULT_RMS_EPS,
                LlamaConfig.DEFAULT_ROPE_THETA, RopeStyle.ADJACENT);   // validates the shape
        if (vocabSize < 257) throw new IllegalArgumentException("vocabSize must be at least 257");
        if (batchSize <= 0 || steps < 0 || warmupSteps < 0 || evalEvery <= 0) {
            throw new IllegalArgumentException("batchSize and evalEvery must be positive, steps and warmupSteps not negative");
        }
        if (!(learningRate > 0) || weightDecay < 0 || !(gradClip > 0)) {
            throw new IllegalArgumentException("learningRate and gradClip must be positive, weightDecay not negative");
        }
    }

    /** The default model: about 400,000 parameters, trains in about two minutes on two idle cores. */
    public static TrainingConfig tiny() {
        return new TrainingConfig(512, 96, 3, 4, 2, 256, 64, 16, 1500, 3e-3f, 100, 0.05f, 1f, 250, 1);
    }

    /** A bigger model: about 935,000 parameters, about five minutes on two idle cores. */
    public static TrainingConfig small() {
        return new TrainingConfig(768, 128, 4, 4, 2, 352, 96, 16, 1200, 2e-3f, 100, 0.05f, 1f, 200, 1);
    }

    /** A model small enough to train inside a lesson cell in seconds. */
    public static TrainingConfig lesson() {
        return new TrainingConfig(320, 48, 2, 4, 2, 128, 64, 4, 150, 5e-3f, 15, 0.0f, 1f, 50, 1);
    }

    public TrainingConfig withSteps(int n) {
        return new TrainingConfig(vocabSize, dim, layers, heads, kvHeads, hiddenDim, seqLen, batchSize, n,
                learningRate, Math.min(warmupSteps, n), weightDecay, gradClip, evalEvery, seed);
    }

    public TrainingConfig withVocabSize(int n) {
        return new TrainingConfig(n, dim, layers, heads, kvHeads, hiddenDim, seqLen, batchSize, steps,
                learningRate, warmupSteps, weightDecay, gradClip, evalEvery, seed);
    }

    /** The decoder this trains, as the inference engine sees it. */
    public LlamaConfig model() {
        return new LlamaConfig(dim, hiddenDim, layers, heads, kvHeads, vocabSize, seqLen, LlamaConfig.DEFAULT_RMS_EPS,
                LlamaConfig.DEFAULT_ROPE_THETA, RopeStyle.ADJACENT);
    }
}
