package dev.course.server.modelhub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.embed.ModelSpec;
import dev.course.engine.generate.train.TrainedModels;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every model the course can use on this machine, for {@code ./course models list}: the encoders
 * bundled with the engine, the course's trained models, pulled models, and models other tools have
 * already put on disk, which the course uses where they lie, without copying:
 * <ul>
 *   <li>Ollama: {@code manifests/<registry>/<namespace>/<model>/<tag>} are JSON documents whose layer
 *       of media type {@value #OLLAMA_MODEL_LAYER} names the GGUF blob, {@code blobs/sha256-<hex>};</li>
 *   <li>the Hugging Face cache: {@code models--<owner>--<name>/snapshots/<commit>/...}, links into its
 *       blobs, GGUF and ONNX files;</li>
 *   <li>LM Studio: {@code <publisher>/<repo>/<file>.gguf} under its models folder.</li>
 * </ul>
 * Walks are bounded (depth and file count), and a file that does not read is shown with the reason.
 *
 * @param roots where to look, so that tests can point every source at a temporary folder
 */
public record ModelListing(Roots roots, LessonUsage lessons) {

    static final String OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model";
    static final String OLLAMA_LICENSE_LAYER = "application/vnd.ollama.image.license";
    private static final int MAX_DEPTH = 6;
    private static final int MAX_FILES = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where each source lives; a missing folder is simply skipped. */
    public record Roots(ModelStore store, Path trained, List<Path> ollama, List<Path> huggingFace, List<Path> lmStudio) {

        /** The usual places, honouring {@code OLLAMA_MODELS}, {@code HF_HUB_CACHE} and {@code HF_HOME}. */
        public static Roots fromEnvironment() {
            Path home = Path.of(System.getProperty("user.home"));
            List<Path> ollama = new ArrayList<>();
            env("OLLAMA_MODELS").ifPresent(ollama::add);
            ollama.add(home.resolve(".ollama/models"));
            ollama.add(Path.of("/usr/share/ollama/.ollama/models"));
            List<Path> hf = new ArrayList<>();
            env("HF_HUB_CACHE").ifPresent(hf::add);
            env("HF_HOME").map(p -> p.resolve("hub")).ifPresent(hf::add);
            hf.add(home.resolve(".cache/huggingface/hub"));
            List<Path> lmStudio = List.of(home.resolve(".lmstudio/models"), home.resolve(".cache/lm-studio/models"));
            return new Roots(ModelStore.fromEnvironment(), TrainedModels.modelsDir(), ollama, hf, lmStudio);
        }

        private static Optional<Path> env(String name) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
        }
    }

    /**
     * One line of {@code models list}.
     *
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

    List<Row> trained() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path file : list(roots.trained(), name -> name.endsWith(".gguf"))) {
            String stem = file.getFileName().toString().replace(".gguf", "");
            rows.add(gguf("course-" + stem, "trained", file, "apache-2.0 (the course's own)",
                    lessons.using(LessonUsage.TRAINED)));
        }
        return rows;
    }

    List<Row> pulled() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (ModelStore.InstalledModel model : roots.store().installed()) {
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
        for (Path unfinished : roots.store().unfinished()) {
            rows.add(new Row(unfinished.getFileName().toString(), "pulled", ModelKind.OTHER, "?", "?", "?", -1,
                    unfinished.toString(), "?", List.of(), "the pull did not finish: pull it again to resume"));
        }
        return rows;
    }

    List<Row> ollama() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path root : roots.ollama()) {
            Path manifests = root.resolve("manifests");
            for (Path manifest : walk(manifests, Files::isRegularFile)) {
                Path relative = manifests.relativize(manifest);
                if (relative.getNameCount() != 4) {
                    continue;
                }
                String namespace = relative.getName(1).toString();
                String model = relative.getName(2) + ":" + relative.getName(3);
                String name = namespace.equals("library") ? model : namespace + "/" + model;
                JsonNode json;
                try {
                    json = Files.size(manifest) > 1_000_000 ? null : JSON.readTree(manifest.toFile());
                } catch (IOException unreadable) {
                    json = null;
                }
                if (json == null) {
                    continue;
                }
                Path blob = null;
                String license = "see 'ollama show --license " + name + "'";
                for (JsonNode layer : json.path("layers")) {
                    String digest = layer.path("digest").asText("");
                    if (!digest.matches("sha256:[0-9a-f]{64}")) {
                        continue;
                    }
                    Path file = root.resolve("blobs").resolve(digest.replace(':', '-'));
                    if (layer.path("mediaType").asText().equals(OLLAMA_MODEL_LAYER)) {
                        blob = file;
                    } else if (layer.path("mediaType").asText().equals(OLLAMA_LICENSE_LAYER)) {
                        license = firstLine(file).orElse(license);
                    }
                }
                if (blob != null && Files.isRegularFile(blob)) {
                    rows.add(gguf(name, "ollama", blob, license, lessons.using(LessonUsage.GENERATOR)));
                }
            }
        }
        return rows;
    }

    List<Row> huggingFaceCache() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path root : roots.huggingFace()) {
            for (Path repo : list(root, name -> name.startsWith("models--"))) {
                String id = repo.getFileName().toString().substring("models--".length()).replace("--", "/");
                Path snapshots = repo.resolve("snapshots");
                Optional<String> main = firstLine(repo.resolve("refs/main"));
                for (Path snapshot : list(snapshots, name -> true)) {
                    if (main.isPresent() && !snapshot.getFileName().toString().equals(main.get())) {
                        continue;
                    }
                    for (Path file : walk(snapshot, p -> p.toString().endsWith(".gguf") || p.toString().endsWith(".onnx"))) {
                        String name = id + ":" + snapshot.relativize(file).toString().replace('\\', '/');
                        if (file.toString().endsWith(".gguf")) {
                            rows.add(gguf(name, "huggingface-cache", file, "see the repository", lessons.using(LessonUsage.GENERATOR)));
                        } else {
                            rows.add(new Row(name, "huggingface-cache", ModelKind.OTHER, "onnx", "?", "?", sizeOf(file),
                                    file.toString(), "see the repository", List.of(), null));
                        }
                    }
                }
            }
        }
        return rows;
    }

    List<Row> lmStudio() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path root : roots.lmStudio()) {
            for (Path file : walk(root, p -> p.toString().endsWith(".gguf"))) {
                String name = root.relativize(file).toString().replace('\\', '/');
                rows.add(gguf(name, "lm-studio", file, "see the repository", lessons.using(LessonUsage.GENERATOR)));
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

    private static List<Path> list(Path folder, java.util.function.Predicate<String> name) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (name.test(entry.getFileName().toString())) {
                    out.add(entry);
                }
                if (out.size() >= MAX_FILES) {
                    break;
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Regular files under {@code folder} (following the HF cache's links), bounded in depth and count. */
    private static List<Path> walk(Path folder, java.util.function.Predicate<Path> keep) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder, MAX_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
            return files.limit(MAX_FILES).filter(Files::isRegularFile).filter(keep).sorted().toList();
        } catch (java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    private static Optional<String> firstLine(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String text = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.UTF_8).strip();
            String line = text.lines().findFirst().orElse("").strip();
            return line.isEmpty() ? Optional.empty() : Optional.of(line.length() > 60 ? line.substring(0, 60) + "…" : line);
        } catch (IOException e) {
            return Optional.empty();
        }
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
