package dev.course.server.modelhub;

import dev.course.server.modelhub.CatalogEntry.CatalogFile;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The few real models {@code ./course models pull NAME} offers: small, permissively licensed, and
 * each pinned to a repository revision where one could be looked up.
 *
 * <p>How the pins were found: the repositories, file names and commit ids below were read from the
 * hub's public pages (via the course's search tool, not guessed). Where no full commit id could be
 * found, the entry says so in its note and pulls {@code main}: the download is then still checked
 * against the hub's own {@code X-Linked-Etag}, and the commit the hub reports ({@code X-Repo-Commit})
 * is written into the model's manifest, so the learner's copy is pinned after the fact. No SHA-256 of
 * these exact files could be looked up, so none is pinned here; each file is verified against the
 * hash the hub sends for it.
 */
public final class ModelCatalog {

    private static final String SMOLLM2_REPO = "bartowski/SmolLM2-360M-Instruct-GGUF";
    /** The commit of bartowski's SmolLM2-360M-Instruct-GGUF whose file tree lists both quantisations. */
    private static final String SMOLLM2_REVISION = "0a39fff084d19c2980627bb854ba9d1a77cc20f8";
    private static final String SMOLLM2_NOTE = "pinned to commit " + SMOLLM2_REVISION + " of " + SMOLLM2_REPO
            + " (SmolLM2 is Apache-2.0, by Hugging Face TB; the GGUF files are bartowski's quantisations);"
            + " that repository was later re-created, so if this commit is gone, pull with --revision main";

    private static final String QWEN_REPO = "Qwen/Qwen2.5-0.5B-Instruct-GGUF";
    private static final String QWEN_NOTE = "Qwen's own GGUF repository; no full commit id could be looked up,"
            + " so this pulls main and records the commit the hub reports";

    private static final String CROSS_ENCODER_REPO = "cross-encoder/ms-marco-MiniLM-L6-v2";
    private static final String CROSS_ENCODER_NOTE = "the sentence-transformers cross-encoder's own ONNX export;"
            + " no full commit id could be looked up, so this pulls main and records the commit the hub reports";

    /** Every entry, in the order {@code models list} shows them. */
    public static final List<CatalogEntry> ENTRIES = List.of(
            new CatalogEntry("ms-marco-minilm-l6", ModelKind.CROSS_ENCODER, CROSS_ENCODER_REPO, "main",
                    List.of(new CatalogFile("onnx/model.onnx", "model.onnx", null),
                            new CatalogFile("tokenizer.json", "tokenizer.json", null)),
                    "apache-2.0", CROSS_ENCODER_NOTE),
            gguf("smollm2-360m-instruct-q8_0", SMOLLM2_REPO, SMOLLM2_REVISION, "SmolLM2-360M-Instruct-Q8_0.gguf", SMOLLM2_NOTE),
            gguf("smollm2-360m-instruct-q4_k_m", SMOLLM2_REPO, SMOLLM2_REVISION, "SmolLM2-360M-Instruct-Q4_K_M.gguf", SMOLLM2_NOTE),
            gguf("qwen2.5-0.5b-instruct-q8_0", QWEN_REPO, "main", "qwen2.5-0.5b-instruct-q8_0.gguf", QWEN_NOTE),
            gguf("qwen2.5-0.5b-instruct-q4_k_m", QWEN_REPO, "main", "qwen2.5-0.5b-instruct-q4_k_m.gguf", QWEN_NOTE));

    private ModelCatalog() {
    }

    private static CatalogEntry gguf(String name, String repo, String revision, String file, String note) {
        return new CatalogEntry(name, ModelKind.GENERATOR, repo, revision, List.of(new CatalogFile(file, file, null)),
                "apache-2.0", note);
    }

    public static Optional<CatalogEntry> find(String name) {
        return ENTRIES.stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    /**
     * What {@code models pull SPEC} means: a catalog name, or {@code OWNER/REPO:FILE} for any single
     * file on the hub (named after the file, in lower case).
     *
     * @param revision {@code --revision}, or null for the catalog's pin ({@code main} for a path)
     */
    public static CatalogEntry resolve(String spec, String revision) {
        if (spec == null || spec.isBlank()) {
            throw new ModelFileException("say which model: one of " + names() + ", or OWNER/REPO:FILE");
        }
        int colon = spec.indexOf(':');
        if (colon > 0 && spec.substring(0, colon).contains("/")) {
            String repo = HubClient.checkRepo(spec.substring(0, colon));
            String path = HubClient.checkPath(spec.substring(colon + 1));
            String file = path.substring(path.lastIndexOf('/') + 1);
            String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
            String name = stem.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
            ModelKind kind = file.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf") ? ModelKind.GENERATOR : ModelKind.OTHER;
            return new CatalogEntry(CatalogEntry.checkName(name.isEmpty() ? "model" : name), kind, repo,
                    revision == null ? "main" : revision, List.of(new CatalogFile(path, file, null)),
                    "see the repository", "pulled by its path, not from the catalog");
        }
        CatalogEntry entry = find(spec).orElseThrow(() -> new ModelFileException("no model named '" + spec
                + "' in the catalog: choose one of " + names() + ", or give OWNER/REPO:FILE"));
        return revision == null ? entry : new CatalogEntry(entry.name(), entry.kind(), entry.repo(), revision,
                entry.files(), entry.license(), "revision " + revision + " chosen with --revision; " + entry.note());
    }

    /** The names, comma-separated, for messages. */
    public static String names() {
        return ENTRIES.stream().map(CatalogEntry::name).collect(Collectors.joining(", "));
    }
}
