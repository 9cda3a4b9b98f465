package dev.course.engine.generate.train;

import dev.course.engine.generate.LocalModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The course's own generative models, trained here and cached. The first time one is needed it is
 * trained (saying so, with progress), then saved as GGUF under the cache folder and simply loaded
 * afterwards. The cache folder is {@code -Dcourse.cache=DIR}, else {@code $COURSE_CACHE}, else
 * {@code ~/.cache/course}; models live in its {@code models/} folder.
 */
public final class TrainedModels {

    /** Model sizes the CLI offers. */
    public enum Size {
        TINY, SMALL;

        public TrainingConfig config() {
            return this == TINY ? TrainingConfig.tiny() : TrainingConfig.small();
        }
    }

    private static LocalModel lessonModel;

    private TrainedModels() {
    }

    /**
     * A model for lesson cells, ready in seconds: the cached default model if this machine has
     * trained it (and the kernel can see the cache), otherwise a lesson-sized model trained right now
     * on the course text ({@link TrainingConfig#lesson()}, a few seconds), kept for the kernel's life.
     */
    public static synchronized LocalModel forLessons(PrintStream log) throws IOException {
        if (lessonModel != null) {
            return lessonModel;
        }
        Path cached = path(Corpus.DEFAULT, Size.TINY);
        if (Files.isReadable(cached)) {
            log.println("Using the course's trained model (" + cached + ").");
            lessonModel = LocalModel.load(cached);
            return lessonModel;
        }
        if (Files.exists(cached)) {
            log.println("The trained model " + cached + " is there, but this kernel may not read it: the file is"
                    + " private to its owner (saved by an older version). 'chmod a+r' it, or run './course train' again.");
        }
        String text;
        try {
            text = Corpus.lessons();
        } catch (IllegalStateException noLessons) {
            text = Corpus.jdk(Path.of(System.getProperty("java.home")));
        }
        long start = System.nanoTime();
        log.println("Training a lesson-sized model on the course text (a few seconds; './course train' makes a better one)...");
        TrainingRun run = new Trainer(TrainingConfig.lesson()).train(text);
        log.printf(Locale.ROOT, "...done in %.1f s, validation loss %.2f.%n", (System.nanoTime() - start) / 1e9, run.finalValidationLoss());
        lessonModel = run.toLocalModel();
        return lessonModel;
    }

    /** The cache folder. */
    public static Path cacheDir() {
        String property = System.getProperty("course.cache");
        if (property != null && !property.isBlank()) return Path.of(property);
        String env = System.getenv("COURSE_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "course");
    }

    /** The folder trained models are saved in: {@code models/} in the cache folder. */
    public static Path modelsDir() {
        return cacheDir().resolve("models");
    }

    /** Where the model for {@code corpus} and {@code size} is (or will be) saved. */
    public static Path path(String corpus, Size size) {
        String name = corpus.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        return modelsDir().resolve(name + "-" + size.name().toLowerCase(Locale.ROOT) + ".gguf");
    }

    /** The default model (lessons and JDK docs, tiny), trained now if it is not cached yet. */
    public static LocalModel defaultModel(PrintStream log) throws IOException {
        return LocalModel.load(ensure(Corpus.DEFAULT, Size.TINY, log, false));
    }

    /**
     * The cached model's path, training it first if needed (or if {@code retrain}).
     *
     * @param log where progress goes (a line per phase, a progress bar, the validation losses)
     */
    public static Path ensure(String corpus, Size size, PrintStream log, boolean retrain) throws IOException {
        Path path = path(corpus, size);
        if (Files.exists(path) && !retrain) {
            return path;
        }
        if (!retrain) {
            log.printf("The course's own %s model (%s) is not trained yet: training it now, once. It takes a few minutes;%n"
                    + "it is then cached in %s.%n", size.name().toLowerCase(Locale.ROOT), corpus, path);
        }
        train(corpus, size.config(), path, log);
        return path;
    }

    /** Trains on {@code corpus} with progress on {@code log} and saves the model at {@code path}. */
    public static TrainingRun train(String corpus, TrainingConfig config, Path path, PrintStream log) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        long start = System.nanoTime();
        String text = Corpus.load(corpus);
        Path checkpoint = path.resolveSibling(path.getFileName() + ".checkpoint");
        var progress = new ProgressBar(log, start);
        TrainingRun run = new Trainer(config, progress, checkpoint).train(text);
        progress.finish();
        GgufExport.write(run.model(), run.vocabulary(), "course-" + path.getFileName().toString().replace(".gguf", ""), path);
        Files.deleteIfExists(checkpoint);
        log.printf(Locale.ROOT, "trained in %.1f s; final validation loss %.3f; saved %s%n",
                (System.nanoTime() - start) / 1e9, run.finalValidationLoss(), path);
        return run;
    }

    /** Progress as a one-line bar redrawn in place, plus a line per validation. */
    static final class ProgressBar implements TrainingListener {
        private static final int WIDTH = 30;
        private final PrintStream out;
        private final long start;
        private boolean barShown;

        ProgressBar(PrintStream out, long start) {
            this.out = out;
            this.start = start;
        }

        private double elapsed() {
            return (System.nanoTime() - start) / 1e9;
        }

        @Override
        public void onPhase(String description) {
            finish();
            out.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsed(), description);
        }

        @Override
        public void onStep(int step, int steps, double loss, float lr, double gradientNorm, double tokensPerSecond) {
            if (step % 5 != 0 && step != steps) return;
            int filled = (int) ((long) WIDTH * step / steps);
            double eta = elapsed() / step * (steps - step);
            out.printf(Locale.ROOT, "\r[%s%s] %d/%d loss %.3f lr %.1e %,.0f tok/s eta %.0fs ",
                    "#".repeat(filled), ".".repeat(WIDTH - filled), step, steps, loss, lr, tokensPerSecond, eta);
            out.flush();
            barShown = true;
        }

        @Override
        public void onValidation(int step, double validationLoss) {
            finish();
            out.printf(Locale.ROOT, "[%6.1fs] step %d: validation loss %.3f%n", elapsed(), step, validationLoss);
        }

        void finish() {
            if (barShown) {
                out.println();
                barShown = false;
            }
        }
    }
}
