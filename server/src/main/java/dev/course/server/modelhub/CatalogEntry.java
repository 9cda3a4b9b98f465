package dev.course.server.modelhub;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One model {@code ./course models pull NAME} knows: which repository, at which revision, which
 * files, and what they are checked against.
 *
 * @param name        the short name learners type, e.g. {@code qwen2.5-0.5b-instruct-q8_0}
 * @param kind        what it does
 * @param repo        the hub repository, {@code OWNER/NAME}
 * @param revision    the commit it is pinned to, or a branch when no commit could be looked up (see {@code note})
 * @param files       the files to fetch
 * @param license     its licence, as the repository states it
 * @param note        provenance: where the revision and hashes come from, or why there are none
 */
public record CatalogEntry(String name, ModelKind kind, String repo, String revision, List<CatalogFile> files,
                           String license, String note) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /**
     * One file of a catalog model.
     *
     * @param path   its path in the repository
     * @param saveAs its name in the model's folder (so that, e.g., {@code onnx/model.onnx} lands where
     *               {@code CrossEncoderReranker.load(folder)} looks for it)
     * @param sha256 the SHA-256 it must have, or null when none was published where it could be looked up
     */
    public record CatalogFile(String path, String saveAs, String sha256) {
        public CatalogFile {
            HubClient.checkPath(path);
            HubClient.checkPath(saveAs);
            if (sha256 != null && !Checksums.isSha256(sha256)) {
                throw new IllegalArgumentException("not a lower-case hex sha256: " + sha256);
            }
        }
    }

    public CatalogEntry {
        checkName(name);
        Objects.requireNonNull(kind, "kind");
        HubClient.checkRepo(repo);
        Objects.requireNonNull(revision, "revision");
        files = List.copyOf(files);
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(note, "note");
        if (files.isEmpty()) {
            throw new IllegalArgumentException(name + " has no files");
        }
    }

    /** Whether the revision is a full commit id (not a branch that can move). */
    public boolean pinned() {
        return COMMIT.matcher(revision).matches();
    }

    /** Checks a model name: lower-case letters, digits, dots, dashes and underscores, so it is also a safe folder name. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new ModelFileException("'" + name + "' is not a model name: use lower-case letters, digits, '.', '-'"
                    + " and '_' (e.g. smollm2-360m-instruct-q8_0)");
        }
        return name;
    }
}
