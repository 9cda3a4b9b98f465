package dev.course.server.web;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Deque's axe-core, the accessibility rules engine, as the browser tests inject it. It is not part
 * of the repository: the first test run fetches the pinned npm package into {@code target/axe-core}
 * with {@code npm pack} (from npm's cache when it has it, else from the registry), and later runs
 * reuse it. Without npm or the registry the test is skipped with the reason, except on CI, where it
 * fails.
 */
final class AxeCore {

    /** The axe-core release the audit runs; its rules decide what counts as a violation. */
    static final String VERSION = "4.11.1";
    static final Path DIRECTORY = Path.of("target", "axe-core");
    private static final long FETCH_TIMEOUT_SECONDS = 180;

    private AxeCore() {
    }

    /** The text of axe.min.js, fetched on first use. */
    static String script() throws IOException, InterruptedException {
        Path script = DIRECTORY.resolve("package").resolve("axe.min.js");
        if (!Files.isRegularFile(script)) {
            fetch();
        }
        return Files.readString(script);
    }

    private static void fetch() throws IOException, InterruptedException {
        Files.createDirectories(DIRECTORY);
        String problem = run(List.of("npm", "pack", "axe-core@" + VERSION, "--prefer-offline", "--silent",
                "--pack-destination", DIRECTORY.toString()));
        Path archive = DIRECTORY.resolve("axe-core-" + VERSION + ".tgz");
        if (problem == null) {
            problem = run(List.of("tar", "-xzf", archive.toString(), "-C", DIRECTORY.toString()));
        }
        if (problem != null) {
            String message = "axe-core " + VERSION + " could not be fetched into " + DIRECTORY.toAbsolutePath() + ": " + problem
                    + " (it needs npm and its registry, or npm's cache: npm pack axe-core@" + VERSION + ")";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
    }

    /** Runs a command with a deadline; null if it succeeded, else what went wrong. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(DIRECTORY.resolve("fetch.log").toFile()).start();
        } catch (IOException e) {
            return command.getFirst() + " is not installed (" + e.getMessage() + ")";
        }
        if (!process.waitFor(FETCH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " took longer than " + FETCH_TIMEOUT_SECONDS + " s";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited with " + process.exitValue()
                + ": " + Files.readString(DIRECTORY.resolve("fetch.log")).strip();
    }
}
