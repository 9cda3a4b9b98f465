package dev.course.engine.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.generate.train.TrainedModels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds a model file by the name {@code ./course models list} shows, where it already lies, without
 * copying it. This is the one place that knows where models live on a machine; the CLI's
 * {@code --model} ({@link Generators}) and {@code models list} both ask it.
 * <ul>
 *   <li>pulled ({@code ./course models pull}): {@code <models>/<name>/} with its manifest
 *       {@value #PULLED_MANIFEST}, whose {@code files[].save_as} names the model's files; a folder
 *       without the manifest is a pull that did not finish and is never used;</li>
 *   <li>trained here ({@code ./course train}): {@code <cache>/models/<corpus>-<size>.gguf}, named
 *       {@code course-<corpus>-<size>};</li>
 *   <li>Ollama: {@code manifests/<registry>/<namespace>/<model>/<tag>} are JSON documents whose layer
 *       of media type {@value #OLLAMA_MODEL_LAYER} names the GGUF blob, {@code blobs/sha256-<hex>};
 *       named {@code model:tag} ({@code namespace/model:tag} outside Ollama's library), and a name
 *       without a tag means {@code :latest}, as in Ollama;</li>
 *   <li>the Hugging Face cache: {@code models--<owner>--<name>/snapshots/<commit>/<file>}, links into
 *       its blobs; the snapshot {@code refs/main} names; named {@code owner/name:file};</li>
 *   <li>LM Studio: {@code <publisher>/<repo>/<file>.gguf} under its models folder, named by that path.</li>
 * </ul>
 * Walks are bounded in depth and file count, and a folder that is missing is simply skipped.
 *
 * @param roots where to look, so that tests can point every source at a temporary folder
 */
public record ModelResolver(Roots roots) {

    /** The manifest {@code ./course models pull} writes last into each pulled model's folder. */
    public static final String PULLED_MANIFEST = "course-model.json";
    /** The media type of the layer of an Ollama manifest that holds the GGUF file. */
    public static final String OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model";
    /** The media type of the layer of an Ollama manifest that holds the licence text. */
    public static final String OLLAMA_LICENSE_LAYER = "application/vnd.ollama.image.license";
    private static final String OLLAMA_DEFAULT_TAG = ":latest";
    private static final String TRAINED_PREFIX = "course-";
    private static final int MAX_DEPTH = 6;
    private static final int MAX_FILES = 20_000;
    private static final long MAX_MANIFEST_BYTES = 1_000_000;

    /**
     * Jackson, made on first use: a GGUF path given as {@code --model} never reads a manifest, and
     * making an {@code ObjectMapper} in a fresh process costs about 0.2 s before the model even loads.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /**
     * Where each source lives.
     *
     * @param pulled  the folder {@code ./course models pull} installs into
     * @param trained the folder {@code ./course train} saves into
     */
    public record Roots(Path pulled, Path trained, List<Path> ollama, List<Path> huggingFace, List<Path> lmStudio) {

        public Roots {
            pulled = pulled.toAbsolutePath().normalize();
            trained = trained.toAbsolutePath().normalize();
            ollama = List.copyOf(ollama);
            huggingFace = List.copyOf(huggingFace);
            lmStudio = List.copyOf(lmStudio);
        }

        /**
         * The usual places: the models folder of {@link #pulledRoot()}, the cache's trained models, and
         * Ollama's, the Hugging Face cache's and LM Studio's folders in the home directory, honouring
         * {@code OLLAMA_MODELS}, {@code HF_HUB_CACHE} and {@code HF_HOME} as those tools do.
         */
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
            return new Roots(pulledRoot(), TrainedModels.modelsDir(), ollama, hf, lmStudio);
        }

        /**
         * The one folder pulled models live in: {@code -Dcourse.models=DIR}, else {@code $COURSE_MODELS},
         * else the course cache's {@code models/} ({@link TrainedModels#modelsDir()}).
         */
        public static Path pulledRoot() {
            String property = System.getProperty("course.models");
            if (property != null && !property.isBlank()) {
                return Path.of(property.strip()).toAbsolutePath().normalize();
            }
            return env("COURSE_MODELS").orElse(TrainedModels.modelsDir()).toAbsolutePath().normalize();
        }

        private static Optional<Path> env(String name) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
        }
    }

    /**
     * A model file found on disk.
     *
     * @param name         what {@code --model} takes to use it
     * @param source       pulled, trained, ollama, huggingface-cache or lm-studio
     * @param licenseHint  what the source itself says of the licence (Ollama's licence layer), or null
     */
    public record Found(String name, String source, Path file, String licenseHint) {
    }

    /** The resolver over {@link Roots#fromEnvironment()}. */
    public static ModelResolver fromEnvironment() {
        return new ModelResolver(Roots.fromEnvironment());
    }

    /**
     * The GGUF file {@code name} stands for: a pulled model, a model trained here, then Ollama's, the
     * Hugging Face cache's and LM Studio's, first match wins. Only GGUF files count: it is the
     * generator's lookup.
     */
    public Optional<Found> find(String name) throws IOException {
        String wanted = name.strip();
        Optional<Found> pulled = pulled(wanted);
        if (pulled.isPresent()) {
            return pulled;
        }
        List<Found> all = new ArrayList<>(trained());
        all.addAll(ollama());
        all.addAll(huggingFaceCache());
        all.addAll(lmStudio());
        String ollamaName = wanted.contains(":") ? wanted : wanted + OLLAMA_DEFAULT_TAG;
        return all.stream()
                .filter(f -> f.file().toString().endsWith(".gguf") || f.source().equals("ollama"))
                .filter(f -> f.name().equals(wanted) || (f.source().equals("ollama") && f.name().equals(ollamaName)))
                .findFirst();
    }

    /** The pulled model {@code name}'s GGUF file, when its pull finished (its manifest is there). */
    private Optional<Found> pulled(String name) throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            return Optional.empty();
        }
        Path folder = roots.pulled().resolve(name);
        return pulledGguf(folder).map(file -> new Found(name, "pulled", file, null));
    }

    /** The GGUF file a pulled model's manifest names, if the manifest reads and names one inside the folder. */
    private static Optional<Path> pulledGguf(Path folder) throws IOException {
        Optional<JsonNode> manifest = readJson(folder.resolve(PULLED_MANIFEST));
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode file : manifest.get().path("files")) {
            String saveAs = file.path("save_as").asText("");
            Path path = folder.resolve(saveAs).normalize();
            if (saveAs.endsWith(".gguf") && path.startsWith(folder) && Files.isRegularFile(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** Models {@code ./course train} saved here: {@code course-<corpus>-<size>}. */
    public List<Found> trained() throws IOException {
        List<Found> found = new ArrayList<>();
        for (Path file : list(roots.trained(), name -> name.endsWith(".gguf"))) {
            if (Files.isRegularFile(file)) {
                String stem = file.getFileName().toString().replace(".gguf", "");
                found.add(new Found(TRAINED_PREFIX + stem, "trained", file, null));
            }
        }
        return found;
    }

    /** GGUF blobs in Ollama's store, through its manifests. */
    public List<Found> ollama() throws IOException {
        List<Found> found = new ArrayList<>();
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
                Optional<JsonNode> json = readJson(manifest);
                if (json.isEmpty()) {
                    continue;
                }
                Path blob = null;
                String license = null;
                for (JsonNode layer : json.get().path("layers")) {
                    String digest = layer.path("digest").asText("");
                    if (!digest.matches("sha256:[0-9a-f]{64}")) {
                        continue;
                    }
                    Path file = root.resolve("blobs").resolve(digest.replace(':', '-'));
                    String mediaType = layer.path("mediaType").asText();
                    if (mediaType.equals(OLLAMA_MODEL_LAYER)) {
                        blob = file;
                    } else if (mediaType.equals(OLLAMA_LICENSE_LAYER)) {
                        license = firstLine(file).orElse(null);
                    }
                }
                if (blob != null && Files.isRegularFile(blob)) {
                    found.add(new Found(name, "ollama", blob, license));
                }
            }
        }
        return found;
    }

    /** GGUF and ONNX files in the Hugging Face cache's current snapshots ({@code refs/main}). */
    public List<Found> huggingFaceCache() throws IOException {
        List<Found> found = new ArrayList<>();
        for (Path root : roots.huggingFace()) {
            for (Path repo : list(root, name -> name.startsWith("models--"))) {
                String id = repo.getFileName().toString().substring("models--".length()).replace("--", "/");
                Optional<String> main = firstLine(repo.resolve("refs/main"));
                for (Path snapshot : list(repo.resolve("snapshots"), name -> true)) {
                    if (main.isPresent() && !snapshot.getFileName().toString().equals(main.get())) {
                        continue;
                    }
                    for (Path file : walk(snapshot, p -> p.toString().endsWith(".gguf") || p.toString().endsWith(".onnx"))) {
                        String name = id + ":" + snapshot.relativize(file).toString().replace('\\', '/');
                        found.add(new Found(name, "huggingface-cache", file, null));
                    }
                }
            }
        }
        return found;
    }

    /** GGUF files in LM Studio's models folder. */
    public List<Found> lmStudio() throws IOException {
        List<Found> found = new ArrayList<>();
        for (Path root : roots.lmStudio()) {
            for (Path file : walk(root, p -> p.toString().endsWith(".gguf"))) {
                found.add(new Found(root.relativize(file).toString().replace('\\', '/'), "lm-studio", file, null));
            }
        }
        return found;
    }

    private static Optional<JsonNode> readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) > MAX_MANIFEST_BYTES) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(file.toFile()));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static List<Path> list(Path folder, Predicate<String> name) throws IOException {
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
    private static List<Path> walk(Path folder, Predicate<Path> keep) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder, MAX_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
            return files.limit(MAX_FILES).filter(Files::isRegularFile).filter(keep).sorted().toList();
        } catch (UncheckedIOException e) {
            return List.of();
        }
    }

    /** The first line of a small text file, shortened to 60 characters. */
    private static Optional<String> firstLine(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String text = new String(in.readNBytes(200), StandardCharsets.UTF_8).strip();
            String line = text.lines().findFirst().orElse("").strip();
            return line.isEmpty() ? Optional.empty() : Optional.of(line.length() > 60 ? line.substring(0, 60) + "…" : line);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
