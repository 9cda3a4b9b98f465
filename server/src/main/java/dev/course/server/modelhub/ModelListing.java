package dev.course.server.modelhub;

import dev.course.engine.embed.ModelSpec;
import dev.course.engine.generate.Generators;
import dev.course.engine.generate.ModelResolver;
import dev.course.engine.generate.gguf.GgufFile;
import dev.course.engine.generate.train.Corpus;
import dev.course.engine.generate.train.TrainedModels;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every model the course can use on this machine, for {@code ./course models list}: the encoders
 * bundled with the engine, the course's trained models (shipped on the class path, or trained here),
 * pulled models, and models other tools have already put on disk (Ollama's store, the Hugging Face
 * cache, LM Studio's folder), which the course uses where they lie, without copying. Where files are
 * and what name each goes by is the engine's {@link ModelResolver}'s business, so that every name
 * listed here is one {@code --model} takes; this class adds what the file's header says and which
 * lessons use it. A file that does not read is shown with the reason.
 *
 * @param resolver where to look, so that tests can point every source at a temporary folder
 */
public record ModelListing(ModelResolver resolver, LessonUsage lessons) {

    private static final String TRAINED_LICENSE = "apache-2.0 (the course's own)";

    /** The listing of this machine's models. */
    public static ModelListing fromEnvironment(LessonUsage lessons) {
        return new ModelListing(ModelResolver.fromEnvironment(), lessons);
    }

    /**
     * One line of {@code models list}.
     *
     * @param name         what {@code --model} takes to use it
     * @param source       bundled, trained, pulled, ollama, huggingface-cache or lm-studio
     * @param size         bytes on disk (-1 when unknown)
     * @param location     the file or folder, or the class-path resource
     * @param lessons      the lessons whose cells use it
     * @param problem      why the course cannot use it, or null
     */
    public record Row(String name, String source, ModelKind kind, String format, String architecture,
                      String quantisation, long size, String location, String license, List<String> lessons,
                      String problem) {
    }

    /** All rows: bundled, trained, pulled, then discovered, each group by name. */
    public List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        rows.addAll(bundled());
        rows.addAll(shipped());
        rows.addAll(trained());
        rows.addAll(pulled());
        rows.addAll(ollama());
        rows.addAll(huggingFaceCache());
        rows.addAll(lmStudio());
        return rows;
    }

    List<Row> bundled() {
        List<Row> rows = new ArrayList<>();
        for (ModelSpec spec : ModelSpec.BUNDLED) {
            boolean bge = spec == ModelSpec.BGE_SMALL_EN_V15_Q;
            rows.add(new Row(spec.name(), "bundled", ModelKind.ENCODER, "onnx", "bert", bge ? "int8" : "F32",
                    resourceSize(spec.onnxResource()) + resourceSize(spec.tokenizerResource()),
                    "class path: " + spec.onnxResource(), bge ? "mit" : "apache-2.0",
                    lessons.using(bge ? LessonUsage.BGE : LessonUsage.MINILM), null));
        }
        return rows;
    }

    /**
     * The course's own models as shipped on the class path ({@code tiny} and {@code small}, trained on
     * the lessons and the JDK's documentation), named as {@code --model} takes them
     * ({@value Generators#TRAINED}, {@value Generators#TRAINED_SMALL}). A model of that size trained
     * here takes precedence; the row says so.
     */
    List<Row> shipped() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (TrainedModels.Size size : TrainedModels.Size.values()) {
            String resource = TrainedModels.shippedResource(size);
            Optional<GgufFile> file = TrainedModels.shippedFile(size);
            if (file.isEmpty()) {
                continue;
            }
            GgufSummary summary = GgufSummary.of(file.get());
            Path trainedHere = resolver.roots().trained().resolve(TrainedModels.path(Corpus.DEFAULT, size).getFileName());
            String location = "class path: " + resource + (Files.exists(trainedHere)
                    ? " (shipped; the one trained here, " + trainedHere + ", is used instead)" : " (shipped with the course)");
            String name = size == TrainedModels.Size.TINY ? Generators.TRAINED : Generators.TRAINED_SMALL;
            List<String> usedBy = size == TrainedModels.Size.TINY ? lessons.using(LessonUsage.TRAINED)
                    : lessons.using(LessonUsage.TRAINED_SMALL);
            rows.add(new Row(name, "trained", ModelKind.GENERATOR, "gguf", summary.architecture(), summary.quantisation(),
                    resourceSize(resource), location, TRAINED_LICENSE, usedBy, summary.problem()));
        }
        return rows;
    }

    /** Models {@code ./course train} saved on this machine. */
    List<Row> trained() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (ModelResolver.Found found : resolver.trained()) {
            rows.add(gguf(found.name(), found.source(), found.file(), TRAINED_LICENSE, lessons.using(LessonUsage.TRAINED)));
        }
        return rows;
    }

    List<Row> pulled() throws IOException {
        ModelStore store = new ModelStore(resolver.roots().pulled());
        List<Row> rows = new ArrayList<>();
        for (ModelStore.InstalledModel model : store.installed()) {
            List<String> usedBy = lessons.using(switch (model.kind()) {
                case CROSS_ENCODER -> LessonUsage.CROSS_ENCODER;
                case GENERATOR -> LessonUsage.GENERATOR;
                default -> List.of();
            });
            Optional<ModelStore.InstalledFile> ggufFile = model.files().stream()
                    .filter(f -> f.saveAs().endsWith(".gguf")).findFirst();
            if (ggufFile.isPresent()) {
                Row row = gguf(model.name(), "pulled", model.file(ggufFile.get()), model.license(), usedBy);
                rows.add(new Row(row.name(), row.source(), model.kind(), row.format(), row.architecture(), row.quantisation(),
                        model.size(), model.folder().toString(), row.license(), usedBy, row.problem()));
            } else {
                boolean onnx = model.files().stream().anyMatch(f -> f.saveAs().endsWith(".onnx"));
                rows.add(new Row(model.name(), "pulled", model.kind(), onnx ? "onnx" : "files",
                        model.kind() == ModelKind.CROSS_ENCODER ? "bert" : "?", "F32", model.size(),
                        model.folder().toString(), model.license(), usedBy, null));
            }
        }
        for (Path unfinished : store.unfinished()) {
            rows.add(new Row(unfinished.getFileName().toString(), "pulled", ModelKind.OTHER, "?", "?", "?", -1,
                    unfinished.toString(), "?", List.of(), "the pull did not finish: pull it again to resume"));
        }
        return rows;
    }

    List<Row> ollama() throws IOException {
        return discovered(resolver.ollama());
    }

    List<Row> huggingFaceCache() throws IOException {
        return discovered(resolver.huggingFaceCache());
    }

    List<Row> lmStudio() throws IOException {
        return discovered(resolver.lmStudio());
    }

    private List<Row> discovered(List<ModelResolver.Found> found) {
        List<Row> rows = new ArrayList<>();
        for (ModelResolver.Found model : found) {
            String license = model.licenseHint() != null ? model.licenseHint()
                    : model.source().equals("ollama") ? "see 'ollama show --license " + model.name() + "'" : "see the repository";
            if (model.file().toString().endsWith(".onnx")) {
                rows.add(new Row(model.name(), model.source(), ModelKind.OTHER, "onnx", "?", "?", sizeOf(model.file()),
                        model.file().toString(), license, List.of(), null));
            } else {
                rows.add(gguf(model.name(), model.source(), model.file(), license, lessons.using(LessonUsage.GENERATOR)));
            }
        }
        return rows;
    }

    private Row gguf(String name, String source, Path file, String license, List<String> usedBy) {
        GgufSummary summary = GgufSummary.read(file);
        String fileLicense = summary.license() != null && license.startsWith("see ") ? summary.license() : license;
        return new Row(name, source, ModelKind.GENERATOR, "gguf", summary.architecture(), summary.quantisation(),
                sizeOf(file), file.toString(), fileLicense, usedBy, summary.problem());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long resourceSize(String resource) {
        URL url = ModelListing.class.getClassLoader().getResource(resource);
        if (url == null) {
            return 0;
        }
        try {
            return url.openConnection().getContentLengthLong();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Sizes for people: 1.6 MB, 386.4 MB, 1.2 GB. */
    public static String humanSize(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9) : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
