package dev.course.engine.generate.train;

import dev.course.engine.generate.GenerationException;
import dev.course.engine.generate.Generators;
import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.ModelResolver;
import dev.course.engine.generate.gguf.GgufFile;
import dev.course.engine.generate.model.LlamaWeights;
import dev.course.engine.generate.tensor.Matrix;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The course's own generative models, trained here and cached. {@code ./course train} saves one as
 * GGUF under the cache folder, with its {@link ModelManifest}, and it is simply loaded afterwards.
 * The cache folder is {@code -Dcourse.cache=DIR}, else {@code $COURSE_CACHE}, else
 * {@code ~/.cache/course}; models live in its {@code models/} folder.
 *
 * <p>A fresh clone has not trained anything, so the engine ships the default corpus's models (trained
 * on the lessons and the JDK's documentation) as class-path resources,
 * {@code dev/course/engine/generate/train/lessons-jdk-tiny.gguf} (the lessons' model) and
 * {@code lessons-jdk-small.gguf}, each with its manifest beside it. The order is: a model trained on
 * this machine, then the shipped one, then (for the lessons, only in a build without the resource)
 * training one now.
 */
public final class TrainedModels {

    /** Model sizes the CLI offers. */
    public enum Size {
        TINY, SMALL;

        public TrainingConfig config() {
            return this == TINY ? TrainingConfig.tiny() : TrainingConfig.small();
        }

        /** The size as the CLI and file names spell it: {@code tiny}, {@code small}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String SHIPPED_FOLDER = "dev/course/engine/generate/train/";

    /** The shipped default model on the class path (see the class comment). */
    public static final String SHIPPED_RESOURCE = shippedResource(Size.TINY);
    /** Its manifest. */
    public static final String SHIPPED_MANIFEST_RESOURCE = shippedManifestResource(Size.TINY);

    private static LocalModel lessonModel;
    private static String lessonModelSource;
    /** What the last {@code forLessons} call gave, for {@link #lessonModelSource()}. */
    private static String lastSource;
    /** Models {@link #forLessons(String, PrintStream)} loaded by name, with their one-line descriptions. */
    private static final Map<String, Named> NAMED_MODELS = new HashMap<>();

    private record Named(LocalModel model, String source) {
    }
    private static final Map<Size, LocalModel> SHIPPED_MODELS = new EnumMap<>(Size.class);

    private TrainedModels() {
    }

    /**
     * A model for lesson cells, ready in seconds: the cached default model if this machine has
     * trained it (and the kernel can see the cache), else the shipped one, else (a build without the
     * resource) a lesson-sized model trained right now on the course text ({@link TrainingConfig#lesson()},
     * a few seconds), kept for the kernel's life.
     */
    public static synchronized LocalModel forLessons(PrintStream log) throws IOException {
        LocalModel model = defaultLessonModel(log);
        lastSource = lessonModelSource;
        return model;
    }

    /**
     * The one line that moves a lesson cell from the course's small model to a real one: the model
     * {@code name} stands for (a name {@code ./course models list} shows, such as a pulled model or
     * one in Ollama's or LM Studio's folder, or a GGUF file's path), loaded once per kernel. When this
     * machine has no model by that name, the lessons' own model ({@link #forLessons(PrintStream)}) does
     * the work instead; either way a line printed on {@code log} says which model it is.
     */
    public static LocalModel forLessons(String name, PrintStream log) throws IOException {
        return forLessons(name, log, ModelResolver.fromEnvironment());
    }

    /** {@link #forLessons(String, PrintStream)} with names looked up by {@code resolver} (tests point it at a folder). */
    public static synchronized LocalModel forLessons(String name, PrintStream log, ModelResolver resolver) throws IOException {
        if (name == null || name.isBlank()) {
            return forLessons(log);
        }
        String wanted = name.strip();
        Named named = NAMED_MODELS.get(wanted);
        if (named == null) {
            LocalModel model;
            try {
                model = Generators.local(wanted, log, resolver);
            } catch (GenerationException notHere) {
                log.println("No model '" + wanted + "' on this machine ('./course models list' shows the ones there are,"
                        + " './course models pull' fetches one): the course's own model does the work instead.");
                return forLessons(log);
            }
            named = new Named(model, describe(model));
            NAMED_MODELS.put(wanted, named);
            log.println("Using " + named.source() + ".");
        }
        lastSource = named.source();
        return named.model();
    }

    /** Forgets the models lesson cells were given, as a fresh kernel has none: for tests of the first load. */
    static synchronized void forgetLessonModels() {
        lessonModel = null;
        lessonModelSource = null;
        lastSource = null;
        NAMED_MODELS.clear();
    }

    /** A model in one line: its name, its size in weights, its weight format and its shape. */
    static String describe(LocalModel model) {
        LlamaWeights w = model.model().weights();
        long weights = (long) w.tokenEmbedding().rows() * w.tokenEmbedding().cols();
        if (w.output() != w.tokenEmbedding()) {
            weights += (long) w.output().rows() * w.output().cols();
        }
        for (Matrix[] layer : new Matrix[][]{w.wq(), w.wk(), w.wv(), w.wo(), w.gate(), w.up(), w.down()}) {
            for (Matrix m : layer) {
                weights += (long) m.rows() * m.cols();
            }
        }
        var config = model.model().config();
        return String.format(Locale.ROOT, "%s (%.1f M weights, %s, %d layers of width %d)", model.name(), weights / 1e6,
                w.wq()[0].type(), config.layers(), config.dim());
    }

    private static LocalModel defaultLessonModel(PrintStream log) throws IOException {
        if (lessonModel != null) {
            return lessonModel;
        }
        Path cached = path(Corpus.DEFAULT, Size.TINY);
        if (Files.isReadable(cached)) {
            log.println("Using the course's trained model (" + cached + ").");
            lessonModel = LocalModel.load(cached);
            lessonModelSource = String.format(Locale.ROOT, "the model you trained with ./course train (%s, %.1f MB)",
                    cached, Files.size(cached) / 1e6);
            return lessonModel;
        }
        if (Files.exists(cached)) {
            log.println("The trained model " + cached + " is there, but this kernel may not read it: the file is"
                    + " private to its owner (saved by an older version). 'chmod a+r' it, or run './course train' again.");
        }
        Optional<LocalModel> shipped = shipped();
        if (shipped.isPresent()) {
            log.println("Using the course's shipped model (" + shipped.get().name() + "; a model you train with"
                    + " './course train' is used instead when there is one).");
            lessonModel = shipped.get();
            lessonModelSource = shippedManifest().map(m -> String.format(Locale.ROOT,
                            "the course's shipped model %s (%.1f MB, made by '%s', validation loss %.3f)",
                            m.file(), m.bytes() / 1e6, m.command(), m.validationLoss()))
                    .orElse("the course's shipped model " + SHIPPED_RESOURCE);
            return lessonModel;
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
        lessonModelSource = String.format(Locale.ROOT, "a lesson-sized model trained just now (validation loss %.2f)",
                run.finalValidationLoss());
        return lessonModel;
    }

    /**
     * Which model the last {@code forLessons} call gave, in one line for a cell to print: the one
     * trained here, the shipped one, one trained just now, or one asked for by name. Lesson prose about what a model prints holds for the
     * shipped one, so a learner whose numbers differ can see why.
     */
    public static synchronized String lessonModelSource() {
        return lastSource == null ? "none yet (TrainedModels.forLessons loads it)" : lastSource;
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
        return modelsDir().resolve(name + "-" + size.label() + ".gguf");
    }

    /** The default model (lessons and JDK docs, tiny): the one trained here, else the shipped one, else trained now. */
    public static LocalModel defaultModel(PrintStream log) throws IOException {
        return defaultModel(Size.TINY, log);
    }

    /** The default corpus's model of {@code size}: the one trained here, else the shipped one, else trained now. */
    public static LocalModel defaultModel(Size size, PrintStream log) throws IOException {
        Path cached = path(Corpus.DEFAULT, size);
        if (!Files.exists(cached)) {
            Optional<LocalModel> shipped = shipped(size);
            if (shipped.isPresent()) {
                return shipped.get();
            }
        }
        return LocalModel.load(ensure(Corpus.DEFAULT, size, log, false));
    }

    /** Where the shipped model of {@code size} is on the class path. */
    public static String shippedResource(Size size) {
        return SHIPPED_FOLDER + "lessons-jdk-" + size.label() + ".gguf";
    }

    /** Where its manifest is. */
    public static String shippedManifestResource(Size size) {
        return SHIPPED_FOLDER + "lessons-jdk-" + size.label() + ModelManifest.SUFFIX;
    }

    /** The default model ({@code tiny}) as shipped; see {@link #shipped(Size)}. */
    public static Optional<LocalModel> shipped() throws IOException {
        return shipped(Size.TINY);
    }

    /**
     * The default corpus's model of {@code size} as shipped on the class path, or empty in a build
     * without it. It is read into memory once (1.6 MB tiny, 3.7 MB small), so it works from inside a
     * jar and in a sandboxed kernel alike.
     */
    public static synchronized Optional<LocalModel> shipped(Size size) throws IOException {
        LocalModel model = SHIPPED_MODELS.get(size);
        if (model == null) {
            Optional<GgufFile> file = shippedFile(size);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            model = LocalModel.of(file.get(), LocalModel.DEFAULT_MAX_CONTEXT);
            SHIPPED_MODELS.put(size, model);
        }
        return Optional.of(model);
    }

    /**
     * The shipped model of {@code size} as a GGUF file read into memory from the class path (for a
     * look at its header), or empty in a build without it.
     */
    public static Optional<GgufFile> shippedFile(Size size) throws IOException {
        byte[] bytes = resource(shippedResource(size));
        if (bytes == null) {
            return Optional.empty();
        }
        MemorySegment image = Arena.ofAuto().allocate(bytes.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, image, 0, bytes.length);
        return Optional.of(GgufFile.parse(Path.of(shippedResource(size)).getFileName(), image));
    }

    /** The shipped default model's manifest, or empty in a build without it. */
    public static Optional<ModelManifest> shippedManifest() throws IOException {
        return shippedManifest(Size.TINY);
    }

    /** The manifest of the shipped model of {@code size}, or empty in a build without it. */
    public static Optional<ModelManifest> shippedManifest(Size size) throws IOException {
        try (InputStream in = TrainedModels.class.getClassLoader().getResourceAsStream(shippedManifestResource(size))) {
            return in == null ? Optional.empty() : Optional.of(ModelManifest.read(in));
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TrainedModels.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
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
                    + "it is then cached in %s.%n", size.label(), corpus, path);
        }
        train(corpus, size.config(), path, log, "./course train --corpus " + corpus + " --size " + size.label());
        return path;
    }

    /**
     * Trains on {@code corpus} with progress on {@code log} and saves the model at {@code path}, and
     * its {@link ModelManifest} beside it.
     *
     * @param command the command line that asked for it, for the manifest
     */
    public static TrainingRun train(String corpus, TrainingConfig config, Path path, PrintStream log, String command)
            throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        long start = System.nanoTime();
        String text = Corpus.load(corpus);
        Path checkpoint = path.resolveSibling(path.getFileName() + ".checkpoint");
        var progress = new ProgressBar(log, start);
        TrainingRun run = new Trainer(config, progress, checkpoint).train(text);
        progress.finish();
        GgufExport.write(run.model(), run.vocabulary(), "course-" + path.getFileName().toString().replace(".gguf", ""), path);
        Files.deleteIfExists(checkpoint);
        ModelManifest.of(run, path, command, corpus, text.length()).write(ModelManifest.pathFor(path));
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
