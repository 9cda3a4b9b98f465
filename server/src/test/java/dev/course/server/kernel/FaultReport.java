package dev.course.server.kernel;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists what the fault suite showed: each case contained, skipped (with the reason) or failed.
 * Printed at the end of the run and written to {@code target/fault-suite.txt}, so CI logs say
 * exactly which faults this machine proved contained and which it could not try.
 */
final class FaultReport implements TestWatcher, AfterAllCallback {

    private static final List<String> LINES = new ArrayList<>();

    @Override
    public void testSuccessful(ExtensionContext context) {
        add("CONTAINED  " + context.getDisplayName());
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        add("SKIPPED    " + context.getDisplayName() + " — " + (cause == null ? "" : cause.getMessage()));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        add("FAILED     " + context.getDisplayName() + " — " + (cause == null ? "" : cause.getMessage()));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        add("SKIPPED    " + context.getDisplayName() + " — " + reason.orElse("disabled"));
    }

    private static synchronized void add(String line) {
        LINES.add(line);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        List<String> lines;
        synchronized (FaultReport.class) {
            lines = List.copyOf(LINES);
        }
        String report = "Kernel fault suite (" + lines.size() + " cases):\n  " + String.join("\n  ", lines) + "\n";
        System.out.println(report);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("fault-suite.txt"), report);
        }
    }
}
