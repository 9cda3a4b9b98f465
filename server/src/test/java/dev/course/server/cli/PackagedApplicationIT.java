package dev.course.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application as {@code ./course} runs it: the packaged jar with {@code target/lib/*}, not the
 * test class path. An exercise check must work there, which needs JUnit in the application's lib.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PackagedApplicationIT {

    @Test
    void anExerciseCheckRunsInAKernelOfThePackagedApplication(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("course.jar"));
        Path lib = Path.of(System.getProperty("course.lib"));
        assertTrue(Files.isRegularFile(jar) && Files.isDirectory(lib), "run after packaging: " + jar);
        Path cells = dir.resolve("check.jsh");
        Files.writeString(cells, """
                int twice(int x) { return 2 * x; }
                //%%
                import org.junit.jupiter.api.*;
                import static org.junit.jupiter.api.Assertions.*;
                class TwiceChecks {
                    @Test @DisplayName("doubles") void doubles() { assertEquals(4, twice(2)); }
                }
                dev.course.kernel.exercise.Checks.run("twice", TwiceChecks.class);
                """);
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", jar + java.io.File.pathSeparator + lib + "/*",
                CourseCli.class.getName(), "kernel", "run", cells.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS));
        assertTrue(out.contains("\"passed\":true"), "the check ran and passed in the packaged application:\n" + out);
    }
}
