package dev.course.engine.generate.train;

import dev.course.engine.generate.bpe.BpeTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains a {@link TrainableLlama} on text, the whole recipe in one place:
 *
 * <ol>
 *   <li>learn a byte-level BPE vocabulary from the text and encode it;</li>
 *   <li>keep the last tenth aside to measure the validation loss on text the model never trains on;</li>
 *   <li>each step: pick random windows of the training tokens, compute the loss and its gradient
 *       (windows shared across the cores), clip the gradient, and let AdamW move the weights at the
 *       scheduled learning rate;</li>
 *   <li>every so often, measure the validation loss and save a checkpoint.</li>
 * </ol>
 */
public final class Trainer {

    /** Share of the tokens kept for validation. */
    public static final double VALIDATION_SHARE = 0.1;
    /** Characters the tokenizer is trained on (more changes little and costs time). */
    public static final int TOKENIZER_SAMPLE_CHARS = 600_000;
    /** Windows averaged for one validation loss. */
    public static final int VALIDATION_WINDOWS = 48;

    private final TrainingConfig config;
    private final TrainingListener listener;
    private final Path checkpoint;

    /**
     * @param checkpoint where to save (and resume from) checkpoints, or null for none
     */
    public Trainer(TrainingConfig config, TrainingListener listener, Path checkpoint) {
        this.config = config;
        this.listener = listener;
        this.checkpoint = checkpoint;
    }

    public Trainer(TrainingConfig config) {
        this(config, TrainingListener.SILENT, null);
    }

    /** Runs the whole recipe on {@code text} (documents separated by {@link BpeTrainer#END_OF_TEXT}). */
    public TrainingRun train(String text) {
        try {
            return run(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TrainingRun run(String text) throws IOException {
        TrainableLlama model;
        BpeTrainer.Vocabulary vocabulary;
        int firstStep = 0;
        var restored = checkpoint == null ? java.util.Optional.<Checkpoint.Restored>empty() : Checkpoint.load(checkpoint, config);
        if (restored.isPresent()) {
            listener.onPhase("resuming from the checkpoint at step " + restored.get().step());
            model = restored.get().model();
            vocabulary = restored.get().vocabulary();
            firstStep = restored.get().step();
        } else {
            listener.onPhase("training a " + config.vocabSize() + "-token BPE tokenizer");
            vocabulary = BpeTrainer.train(text.substring(0, Math.min(text.length(), TOKENIZER_SAMPLE_CHARS)), config.vocabSize());
            if (vocabulary.tokens().length < config.vocabSize()) {
                listener.onPhase("the text has no more pairs to merge: the vocabulary stops at " + vocabulary.tokens().length + " tokens");
            }
            model = new TrainableLlama(config.withVocabSize(vocabulary.tokens().length));
        }
        listener.onPhase("encoding " + text.length() + " characters");
        int[] tokens = vocabulary.tokenizer().encode(text);
        int split = (int) (tokens.length * (1 - VALIDATION_SHARE));
        if (split < config.seqLen() + 1 || tokens.length - split < config.seqLen() + 1) {
            throw new IllegalArgumentException("the text is too short: " + tokens.length + " tokens; training needs at least "
                    + (int) ((config.seqLen() + 1) / VALIDATION_SHARE) + " tokens");
        }
        int[] train = java.util.Arrays.copyOf(tokens, split);
        int[] validation = java.util.Arrays.copyOfRange(tokens, split, tokens.length);
        listener.onPhase(String.format("model: %,d parameters; %,d training tokens, %,d validation tokens",
                model.parameterCount(), train.length, validation.length));

        int workers = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), config.batchSize()));
        var workspaces = new TrainableLlama.Workspace[workers];
        for (int w = 0; w < workers; w++) workspaces[w] = model.newWorkspace();
        var optimizer = new AdamW(config.weightDecay());
        optimizer.restore(firstStep);
        var schedule = new LearningRateSchedule(config.learningRate(), config.warmupSteps(), config.steps());
        var random = new Random(config.seed() * 31 + firstStep);
        List<TrainingRun.Point> trainLoss = new ArrayList<>();
        List<TrainingRun.Point> validationLoss = new ArrayList<>();
        long start = System.nanoTime();
        int T = config.seqLen();
        for (int step = firstStep; step < config.steps(); step++) {
            long stepStart = System.nanoTime();
            int[] offsets = new int[config.batchSize()];
            for (int b = 0; b < offsets.length; b++) offsets[b] = random.nextInt(train.length - T - 1);
            double[] losses = new double[workers];
            IntStream.range(0, workers).parallel().forEach(w -> {
                workspaces[w].clearGradients();
                for (int b = w; b < offsets.length; b += workers) {
                    losses[w] += model.loss(train, offsets[b], T, workspaces[w], 1f / offsets.length);
                }
            });
            sumGradients(model, workspaces);
            double gradientNorm = AdamW.clipGradients(model.parameters(), config.gradClip());
            float lr = schedule.at(step);
            optimizer.update(model.parameters(), lr);
            double loss = java.util.Arrays.stream(losses).sum() / offsets.length;
            trainLoss.add(new TrainingRun.Point(step + 1, loss));
            double seconds = (System.nanoTime() - stepStart) / 1e9;
            listener.onStep(step + 1, config.steps(), loss, lr, gradientNorm, config.batchSize() * T / seconds);
            boolean last = step + 1 == config.steps();
            if ((step + 1) % config.evalEvery() == 0 || last) {
                double v = validationLoss(model, validation, workspaces);
                validationLoss.add(new TrainingRun.Point(step + 1, v));
                listener.onValidation(step + 1, v);
                if (checkpoint != null) {
                    Checkpoint.save(checkpoint, model, vocabulary, step + 1, config);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainingRun(model.config(), model, vocabulary, trainLoss, validationLoss, seconds, train.length, validation.length,
                validationWindows(validation, T));
    }

    private static void sumGradients(TrainableLlama model, TrainableLlama.Workspace[] workspaces) {
        List<Parameter> parameters = model.parameters();
        IntStream.range(0, parameters.size()).parallel().forEach(i -> {
            float[] total = parameters.get(i).grad();
            System.arraycopy(workspaces[0].grad(i), 0, total, 0, total.length);
            for (int w = 1; w < workspaces.length; w++) {
                float[] g = workspaces[w].grad(i);
                for (int j = 0; j < total.length; j++) total[j] += g[j];
            }
        });
    }

    /** The mean loss over evenly spaced windows of the validation tokens (see {@link #validationOffsets}). */
    static double validationLoss(TrainableLlama model, int[] validation, TrainableLlama.Workspace[] workspaces) {
        int T = model.config().seqLen();
        int[] offsets = validationOffsets(validation.length, T);
        double[] sums = new double[workspaces.length];
        IntStream.range(0, workspaces.length).parallel().forEach(w -> {
            for (int i = w; i < offsets.length; i += workspaces.length) {
                sums[w] += model.loss(validation, offsets[i], T, workspaces[w], 0);
            }
        });
        return java.util.Arrays.stream(sums).sum() / offsets.length;
    }

    /**
     * Where the validation windows start: at most {@link #VALIDATION_WINDOWS}, evenly spaced over
     * the validation tokens, each {@code seqLen + 1} tokens long (the inputs and, one further, the targets).
     */
    static int[] validationOffsets(int validationLength, int seqLen) {
        int windows = Math.max(1, Math.min(VALIDATION_WINDOWS, (validationLength - 1) / seqLen));
        int stride = (validationLength - seqLen - 1) / windows;
        return IntStream.range(0, windows).map(i -> i * stride).toArray();
    }

    /** The validation windows themselves, so the loss can be measured again without the corpus. */
    static int[][] validationWindows(int[] validation, int seqLen) {
        return java.util.Arrays.stream(validationOffsets(validation.length, seqLen))
                .mapToObj(o -> java.util.Arrays.copyOfRange(validation, o, o + seqLen + 1)).toArray(int[][]::new);
    }
}
