package dev.course.engine.generate.train;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.bpe.BpeTrainer;

import java.util.List;

/**
 * A finished (or resumed and finished) training run: the model, its tokenizer, and the loss curve.
 * Shows itself as the loss curve.
 *
 * @param config          what was trained
 * @param model           the trained weights
 * @param vocabulary      the tokenizer it was trained with
 * @param trainLoss       (step, loss) for every step run in this process
 * @param validationLoss  (step, loss) at every evaluation
 * @param seconds         wall time of the optimisation steps
 * @param trainTokens     tokens in the training split
 * @param validationTokens tokens in the validation split
 * @param validationWindows the token windows the validation loss is measured on, each {@code seqLen + 1}
 *                         tokens: inputs, and one further, the targets
 */
public record TrainingRun(TrainingConfig config, TrainableLlama model, BpeTrainer.Vocabulary vocabulary,
                          List<Point> trainLoss, List<Point> validationLoss, double seconds,
                          int trainTokens, int validationTokens, int[][] validationWindows) implements Renderable {

    /** One point of a curve. */
    public record Point(int step, double loss) {
    }

    public TrainingRun {
        trainLoss = List.copyOf(trainLoss);
        validationLoss = List.copyOf(validationLoss);
    }

    /** The last validation loss (NaN if none was measured). */
    public double finalValidationLoss() {
        return validationLoss.isEmpty() ? Double.NaN : validationLoss.getLast().loss();
    }

    /** The model as the inference engine runs it (written as GGUF in memory and read back). */
    public LocalModel toLocalModel() {
        return GgufExport.toLocalModel(model, vocabulary, "course-trained");
    }

    @Override
    public MimeBundle render() {
        return new LossCurve(trainLoss, validationLoss).render();
    }
}
