package dev.course.engine.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.embed.OnnxFileSummary;
import dev.course.engine.generate.ModelResolver;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A cross-encoder that {@code ./course models pull} installed in the course's models folder
 * ({@code ~/.cache/course/models} or {@code COURSE_MODELS}): a folder with its manifest
 * ({@value ModelResolver#PULLED_MANIFEST}, kind {@code cross-encoder}, written only after every file
 * verified), {@value CrossEncoderReranker#MODEL_FILE} and {@value CrossEncoderReranker#TOKENIZER_FILE}.
 * No cross-encoder ships with the course; lessons and {@code ./course eval} use one when it is here.
 *
 * @param name    the model's name, its folder's name (e.g. {@code ms-marco-minilm-l6})
 * @param folder  where its files are
 * @param repo    the hub repository it was pulled from, as its manifest says
 * @param summary what its ONNX file says about itself (weight type, and whether it is a stand-in)
 */
public record InstalledCrossEncoder(String name, Path folder, String repo, OnnxFileSummary summary) {

    private static final String KIND = "cross-encoder";
    private static final long MAX_MANIFEST_BYTES = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    public InstalledCrossEncoder {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(summary, "summary");
    }

    /** The first cross-encoder (by name) in the course's models folder, if one is installed. */
    public static Optional<InstalledCrossEncoder> find() throws IOException {
        return all(ModelResolver.Roots.pulledRoot()).stream().findFirst();
    }

    /** The cross-encoder called {@code name} in the models folder {@code root}, if it is installed there. */
    public static Optional<InstalledCrossEncoder> named(Path root, String name) throws IOException {
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,79}") || name.contains("..")) {
            return Optional.empty();
        }
        return read(root.resolve(name));
    }

    /** Every cross-encoder installed in the models folder {@code root}, by name. */
    public static List<InstalledCrossEncoder> all(Path root) throws IOException {
        List<InstalledCrossEncoder> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
            entries.forEach(folders::add);
        }
        folders.sort(null);
        for (Path folder : folders) {
            read(folder).ifPresent(found::add);
        }
        return found;
    }

    /** The cross-encoder in {@code folder}, when its manifest says it is one and both files are there. */
    private static Optional<InstalledCrossEncoder> read(Path folder) throws IOException {
        Path manifest = folder.resolve(ModelResolver.PULLED_MANIFEST);
        Path model = folder.resolve(CrossEncoderReranker.MODEL_FILE);
        if (!Files.isRegularFile(manifest) || Files.size(manifest) > MAX_MANIFEST_BYTES || !Files.isRegularFile(model)
                || !Files.isRegularFile(folder.resolve(CrossEncoderReranker.TOKENIZER_FILE))) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = JSON.readTree(manifest.toFile());
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        if (!json.path("kind").asText().equals(KIND)) {
            return Optional.empty();
        }
        return Optional.of(new InstalledCrossEncoder(folder.getFileName().toString(), folder.toAbsolutePath().normalize(),
                json.path("repo").asText(""), OnnxFileSummary.read(model)));
    }

    public Path modelFile() {
        return folder.resolve(CrossEncoderReranker.MODEL_FILE);
    }

    public Path tokenizerFile() {
        return folder.resolve(CrossEncoderReranker.TOKENIZER_FILE);
    }

    /**
     * One line saying which model this is, for every cell that uses it, e.g.
     * {@code ms-marco-minilm-l6 (cross-encoder/ms-marco-MiniLM-L6-v2): ONNX, 91.0 MB, float32 weights};
     * a stand-in says so.
     */
    public String describe() {
        String line = String.format(Locale.ROOT, "%s%s: ONNX, %.1f MB, %s weights", name,
                repo.isEmpty() ? "" : " (" + repo + ")", summary.sizeBytes() / 1e6, summary.weightType());
        return summary.standIn() ? line + " [stand-in: " + summary.metadata().get(OnnxFileSummary.STAND_IN_KEY) + "]" : line;
    }

    @Override
    public String toString() {
        return describe();
    }
}
