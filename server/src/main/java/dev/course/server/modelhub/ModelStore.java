package dev.course.server.modelhub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.corpus.Progress;
import dev.course.engine.generate.train.TrainedModels;
import dev.course.server.modelhub.CatalogEntry.CatalogFile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one folder real models live in: {@code $COURSE_MODELS} ({@code -Dcourse.models}), else the course cache's {@code models/}
 * ({@code ~/.cache/course/models}, where {@code ./course train} also saves), bound read-only into
 * sandboxed kernels.
 *
 * <p>Each pulled model has a folder of its own, {@code <root>/<name>/}, holding its files and, written
 * last, {@value #MANIFEST}: where it came from (repository, revision, the commit the hub reported),
 * and each file's size and SHA-256 as verified when it arrived. A folder without a manifest is a pull
 * that did not finish; it is not used, and pulling again resumes it. The manifest is also what makes a
 * copied models folder installable elsewhere ({@code --from DIR}) with the same checks.
 */
public final class ModelStore {

    /** The manifest file in each pulled model's folder. */
    public static final String MANIFEST = "course-model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public ModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * The store {@code -Dcourse.models=DIR} or {@code $COURSE_MODELS} names, else the course cache's
     * {@code models/} folder (as {@link TrainedModels#modelsDir()} finds it).
     */
    public static ModelStore fromEnvironment() {
        String property = System.getProperty("course.models");
        if (property != null && !property.isBlank()) {
            return new ModelStore(Path.of(property.strip()));
        }
        String env = System.getenv("COURSE_MODELS");
        return new ModelStore(env != null && !env.isBlank() ? Path.of(env.strip()) : TrainedModels.modelsDir());
    }

    public Path root() {
        return root;
    }

    /** A pulled model: its manifest and folder. */
    public record InstalledModel(String name, ModelKind kind, String repo, String revision, String commit,
                                 String license, String source, String note, List<InstalledFile> files, Path folder) {

        public long size() {
            return files.stream().mapToLong(InstalledFile::size).sum();
        }

        public Path file(InstalledFile file) {
            return folder.resolve(file.saveAs());
        }
    }

    /** One verified file of a pulled model. */
    public record InstalledFile(String path, String saveAs, long size, String sha256, String verifiedBy) {
    }

    /** The folder for model {@code name} (a checked name, so it stays inside the store). */
    public Path folder(String name) {
        return root.resolve(CatalogEntry.checkName(name));
    }

    /**
     * Fetches every file of {@code entry} from the hub into its folder, each verified before it takes
     * its name, and writes the manifest last.
     *
     * @param extraPin a SHA-256 the user pinned with {@code --sha256} (single-file models only), or null
     */
    public InstalledModel pull(CatalogEntry entry, HubClient hub, String extraPin, Progress progress) throws IOException {
        Path folder = Files.createDirectories(folder(entry.name()));
        try {
            return pullInto(folder, entry, hub, extraPin, progress);
        } finally {
            deleteIfEmpty(folder);
        }
    }

    private InstalledModel pullInto(Path folder, CatalogEntry entry, HubClient hub, String extraPin, Progress progress)
            throws IOException {
        Files.deleteIfExists(folder.resolve(MANIFEST));
        List<InstalledFile> files = new ArrayList<>();
        String commit = null;
        for (CatalogFile file : entry.files()) {
            HubClient.Downloaded got = hub.download(entry.repo(), entry.revision(), file.path(),
                    folder.resolve(file.saveAs()), pin(entry, file, extraPin), progress);
            commit = commit != null ? commit : got.commit();
            files.add(new InstalledFile(file.path(), file.saveAs(), got.size(), got.sha256(), got.verifiedBy()));
        }
        var model = new InstalledModel(entry.name(), entry.kind(), entry.repo(), entry.revision(), commit,
                entry.license(), "hub " + hub.endpoint(), entry.note(), files, folder);
        writeManifest(model);
        return model;
    }

    /**
     * Installs {@code entry} from a folder (a USB stick, a copy of another machine's models folder)
     * with the same checks as a download: each file must match the SHA-256 the catalog pins, else the
     * one recorded in the folder's own {@value #MANIFEST} when it was pulled, else {@code extraPin}.
     * A file with nothing to check it against is refused.
     */
    public InstalledModel installFrom(CatalogEntry entry, Path source, String extraPin, Progress progress) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new ModelFileException("--from " + source + " is not a folder: give the folder that holds the model's files");
        }
        Path folder = Files.createDirectories(folder(entry.name()));
        try {
            return installInto(folder, entry, source, extraPin, progress);
        } finally {
            deleteIfEmpty(folder);
        }
    }

    /** Removes a model folder a failed pull left empty (one with a partial download stays, to resume). */
    private static void deleteIfEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(folder);
            }
        }
    }

    private InstalledModel installInto(Path folder, CatalogEntry entry, Path source, String extraPin, Progress progress)
            throws IOException {
        Optional<InstalledModel> recorded = readManifestIn(source).or(() -> readManifestIn(source.resolve(entry.name())));
        Files.deleteIfExists(folder.resolve(MANIFEST));
        List<InstalledFile> files = new ArrayList<>();
        for (CatalogFile file : entry.files()) {
            Path from = locate(source, entry.name(), file).orElseThrow(() -> new ModelFileException("--from "
                    + source + " has no " + file.saveAs() + " (looked for it by name, by its repository path "
                    + file.path() + " and in a " + entry.name() + "/ subfolder): copy the model's folder there"));
            String expected = pin(entry, file, extraPin);
            String checkedBy = file.sha256() != null ? "sha256 pinned in the catalog" : "sha256 pinned with --sha256";
            if (expected == null) {
                expected = recorded.flatMap(m -> m.files().stream().filter(f -> f.saveAs().equals(file.saveAs())).findFirst())
                        .map(InstalledFile::sha256).orElse(null);
                checkedBy = "sha256 recorded in " + source.resolve(MANIFEST).getFileName() + " when it was pulled";
            }
            if (expected == null) {
                throw new ModelFileException("nothing to verify " + from + " against: the catalog pins no sha256 for it"
                        + " and the folder has no " + MANIFEST + " from a pull; copy the whole model folder"
                        + " (with its manifest), or pass --sha256 HEX");
            }
            Path target = folder.resolve(file.saveAs());
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + HubClient.PART_SUFFIX);
            Files.copy(from, part, StandardCopyOption.REPLACE_EXISTING);
            Checksums.Fingerprint fingerprint = Checksums.of(part, progress, "verifying " + file.saveAs());
            if (!fingerprint.sha256().equals(expected)) {
                Files.deleteIfExists(part);
                throw new ModelFileException(from + " did not verify (" + checkedBy + ": expected " + expected
                        + ", got " + fingerprint.sha256() + "): it was not installed; copy it again from a good source");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            files.add(new InstalledFile(file.path(), file.saveAs(), fingerprint.size(), fingerprint.sha256(), checkedBy));
        }
        var model = new InstalledModel(entry.name(), entry.kind(), entry.repo(), entry.revision(),
                recorded.map(InstalledModel::commit).orElse(null), entry.license(), "folder " + source.toAbsolutePath(),
                entry.note(), files, folder);
        writeManifest(model);
        return model;
    }

    private static String pin(CatalogEntry entry, CatalogFile file, String extraPin) {
        if (file.sha256() != null) {
            if (extraPin != null && !extraPin.equals(file.sha256())) {
                throw new ModelFileException("--sha256 " + extraPin + " disagrees with the catalog's " + file.sha256()
                        + " for " + entry.name() + ": drop --sha256, or pull by OWNER/REPO:FILE");
            }
            return file.sha256();
        }
        return entry.files().size() == 1 ? extraPin : null;
    }

    private static Optional<Path> locate(Path source, String name, CatalogFile file) {
        String base = file.path().substring(file.path().lastIndexOf('/') + 1);
        return Stream.of(source.resolve(file.saveAs()), source.resolve(name).resolve(file.saveAs()),
                        source.resolve(file.path()), source.resolve(base))
                .filter(Files::isRegularFile).findFirst();
    }

    /** Every model pulled into this store whose manifest reads, by name. */
    public List<InstalledModel> installed() throws IOException {
        List<InstalledModel> models = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return models;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path folder : folders) {
                readManifestIn(folder).ifPresent(models::add);
            }
        }
        models.sort(Comparator.comparing(InstalledModel::name));
        return models;
    }

    /** Folders with files but no manifest: pulls that did not finish. */
    public List<Path> unfinished() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path folder : folders) {
                if (!Files.exists(folder.resolve(MANIFEST)) && !folder.getFileName().toString().startsWith(".")) {
                    out.add(folder);
                }
            }
        }
        return out;
    }

    public Optional<InstalledModel> find(String name) throws IOException {
        return readManifestIn(folder(name));
    }

    /**
     * Re-reads every file of {@code model} and compares it with its manifest.
     *
     * @return one line per problem (a missing file, another size, another SHA-256); empty when all is well
     */
    public List<String> verify(InstalledModel model, Progress progress) throws IOException {
        List<String> problems = new ArrayList<>();
        for (InstalledFile file : model.files()) {
            Path path = model.file(file);
            if (!Files.isRegularFile(path)) {
                problems.add(file.saveAs() + " is missing: pull " + model.name() + " again");
                continue;
            }
            Checksums.Fingerprint fingerprint = Checksums.of(path, progress, "verifying " + model.name() + "/" + file.saveAs());
            if (!fingerprint.sha256().equals(file.sha256())) {
                problems.add(file.saveAs() + " has changed (sha256 " + fingerprint.sha256() + ", pulled as "
                        + file.sha256() + "): pull " + model.name() + " again");
            }
        }
        return problems;
    }

    /** Deletes a pulled model's folder (manifest first, so a half-deleted model is never taken for whole). */
    public void remove(String name) throws IOException {
        Path folder = folder(name);
        if (!Files.isDirectory(folder)) {
            throw new ModelFileException("no pulled model named '" + name + "' in " + root
                    + ": './course models list' shows what is there");
        }
        Files.deleteIfExists(folder.resolve(MANIFEST));
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void writeManifest(InstalledModel model) throws IOException {
        ObjectNode json = JSON.createObjectNode()
                .put("name", model.name())
                .put("kind", model.kind().label())
                .put("repo", model.repo())
                .put("revision", model.revision())
                .put("commit", model.commit())
                .put("license", model.license())
                .put("source", model.source())
                .put("note", model.note())
                .put("installed", Instant.now().toString());
        ArrayNode files = json.putArray("files");
        for (InstalledFile file : model.files()) {
            files.addObject().put("path", file.path()).put("save_as", file.saveAs()).put("size", file.size())
                    .put("sha256", file.sha256()).put("verified_by", file.verifiedBy());
        }
        Path manifest = model.folder().resolve(MANIFEST);
        Path temporary = manifest.resolveSibling(MANIFEST + ".tmp");
        Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        Files.move(temporary, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The manifest in {@code folder}, or empty when there is none or it does not read as one. */
    static Optional<InstalledModel> readManifestIn(Path folder) {
        Path manifest = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            if (Files.size(manifest) > 1_000_000) {
                return Optional.empty();
            }
            JsonNode json = JSON.readTree(manifest.toFile());
            List<InstalledFile> files = new ArrayList<>();
            for (JsonNode file : json.path("files")) {
                String saveAs = HubClient.checkPath(file.path("save_as").asText());
                String sha256 = file.path("sha256").asText();
                if (!Checksums.isSha256(sha256)) {
                    return Optional.empty();
                }
                files.add(new InstalledFile(file.path("path").asText(), saveAs, file.path("size").asLong(), sha256,
                        file.path("verified_by").asText("")));
            }
            ModelKind kind = switch (json.path("kind").asText()) {
                case "encoder" -> ModelKind.ENCODER;
                case "cross-encoder" -> ModelKind.CROSS_ENCODER;
                case "generator" -> ModelKind.GENERATOR;
                default -> ModelKind.OTHER;
            };
            return Optional.of(new InstalledModel(CatalogEntry.checkName(json.path("name").asText()), kind,
                    json.path("repo").asText(""), json.path("revision").asText(""), text(json, "commit"),
                    json.path("license").asText("unknown"), json.path("source").asText(""), json.path("note").asText(""),
                    List.copyOf(files), folder.toAbsolutePath().normalize()));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode json, String key) {
        JsonNode value = json.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }
}
