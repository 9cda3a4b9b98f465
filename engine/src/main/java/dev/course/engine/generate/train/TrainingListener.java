package dev.course.engine.generate.train;

/** Hears about a training run as it goes: the CLI draws a progress bar, a lesson a live curve. */
public interface TrainingListener {

    /** Does nothing. */
    TrainingListener SILENT = new TrainingListener() {
    };

    /** A phase before the steps begin ("training the tokenizer", "encoding the corpus"). */
    default void onPhase(String description) {
    }

    /**
     * After each optimisation step.
     *
     * @param loss            the batch's mean cross-entropy, in nats per token
     * @param tokensPerSecond training throughput
     */
    default void onStep(int step, int steps, double loss, float learningRate, double gradientNorm, double tokensPerSecond) {
    }

    /** After measuring the loss on held-out text. */
    default void onValidation(int step, double validationLoss) {
    }
}
