package dev.course.server.cli;

import dev.course.server.modelhub.CatalogEntry;
import dev.course.server.modelhub.Checksums;
import dev.course.server.modelhub.HubClient;
import dev.course.server.modelhub.ModelCatalog;
import dev.course.server.modelhub.ModelFileException;
import dev.course.server.modelhub.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course models pull NAME|OWNER/REPO:FILE [--revision R] [--from DIR] [--sha256 HEX]}: fetches a
 * catalog model (or any one file of a hub repository) into the models folder, verified before use.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Download a model from the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN) or install it from a folder, verifying every file.")
final class ModelsPullCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME|OWNER/REPO:FILE",
            description = "A catalog name (see 'models list'), or one file of a hub repository, e.g. Qwen/Qwen2.5-0.5B-Instruct-GGUF:qwen2.5-0.5b-instruct-q8_0.gguf.")
    String model;

    @Option(names = "--revision", paramLabel = "R", description = "A branch, tag or commit instead of the catalog's pin (default for OWNER/REPO:FILE: main).")
    String revision;

    @Option(names = "--from", paramLabel = "DIR", description = "Install from a folder (a USB stick, another machine's models folder) instead of the network, with the same checks.")
    Path from;

    @Option(names = "--sha256", paramLabel = "HEX", description = "The SHA-256 a single-file model must have.")
    String sha256;

    @Override
    public Integer call() throws Exception {
        String pin = sha256 == null ? null : sha256.strip().toLowerCase(Locale.ROOT);
        if (pin != null && !Checksums.isSha256(pin)) {
            throw new ModelFileException("--sha256 must be 64 hex digits");
        }
        CatalogEntry entry = ModelCatalog.resolve(model, revision);
        ModelStore store = ModelStore.fromEnvironment();
        ModelStore.InstalledModel installed;
        try (ProgressBar bar = ProgressBar.bytesOnStderr()) {
            installed = from != null
                    ? store.installFrom(entry, from, pin, bar)
                    : store.pull(entry, HubClient.fromEnvironment(), pin, bar);
        }
        System.out.printf(Locale.ROOT, "%s (%s): %.1f MB in %s%n", installed.name(), installed.kind().label(),
                installed.size() / 1e6, installed.folder());
        System.out.println("  from " + installed.repo() + " at " + installed.revision()
                + (installed.commit() != null && !installed.commit().equals(installed.revision()) ? " (commit " + installed.commit() + ")" : ""));
        for (ModelStore.InstalledFile file : installed.files()) {
            System.out.println("  " + file.saveAs() + ": verified by " + file.verifiedBy());
        }
        return 0;
    }
}
