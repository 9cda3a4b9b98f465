package dev.course.server.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code course} launcher script, run from a copy beside a stand-in jar with stand-in JDKs whose
 * {@code java} only writes down how it was called: which JDK it picks, that it reads a JDK's
 * version from its {@code release} file instead of starting that JDK (a JVM start on every command),
 * and how {@code generate} records its AOT cache once and then starts from it.
 */
class LauncherTest {

    @TempDir
    Path dir;
    private Path root;
    private Path calls;

    @BeforeEach
    void copyTheLauncher() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "the launcher is a bash script");
        root = Files.createDirectories(dir.resolve("course"));
        Path launcher = Files.copy(Path.of(System.getProperty("user.dir")).getParent().resolve("course"), root.resolve("course"));
        executable(launcher);
        Path jar = root.resolve("server/target/course-server.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not a jar: no sources here are newer, so the launcher does not build");
        calls = dir.resolve("calls.txt");
    }

    @Test
    void aJdk25InJavaHomeIsReadFromItsReleaseFileAndStartedOnceForTheCommand() throws Exception {
        Path jdk = jdk("jdk25", "JAVA_VERSION=\"25.0.3\"", "25");
        run(jdk, "--version");
        List<String> lines = Files.readAllLines(calls);
        assertEquals(1, lines.size(), "one JVM, the command's: " + lines);
        assertTrue(lines.getFirst().startsWith(jdk + " ") && lines.getFirst().endsWith("CourseCli --version"), lines.getFirst());
    }

    @Test
    void aJdkOlderThan25InJavaHomeIsPassedOverWithoutStartingIt() throws Exception {
        Path old = jdk("jdk17", "JAVA_VERSION=\"17.0.2\"", "17");
        run(old, "--version");      // another JDK 25 on this machine, or none: either way not this one
        String called = Files.exists(calls) ? Files.readString(calls) : "";
        assertFalse(called.contains(old.toString()), "JDK 17 was started: " + called);
    }

    @Test
    void aJdkWithoutAReleaseFileIsAskedForItsVersion() throws Exception {
        Path jdk = jdk("bare25", null, "25");
        run(jdk, "--version");
        List<String> lines = Files.readAllLines(calls);
        assertEquals(2, lines.size(), "asked once, then run: " + lines);
        assertTrue(lines.get(0).contains("-XshowSettings:properties"), lines.get(0));
        assertTrue(lines.get(1).endsWith("CourseCli --version"), lines.get(1));
    }

    @Test
    void theFirstGenerateRecordsAnAotCacheAndTheNextStartsFromItWithoutTheWarmUp() throws Exception {
        Path jdk = jdk("jdk25", "JAVA_VERSION=\"25.0.3\"", "25");
        run(jdk, "generate", "--model", "m.gguf", "hello");
        List<String> first = Files.readAllLines(calls);
        assertEquals(2, first.size(), "the run, recording, then the cache written: " + first);
        assertTrue(first.get(0).contains("-XX:AOTMode=record") && first.get(0).endsWith("CourseCli generate --model m.gguf hello"),
                first.get(0));
        assertTrue(first.get(1).contains("-XX:AOTMode=create") && !first.get(1).contains("CourseCli"), first.get(1));
        Path target = root.resolve("server/target");
        Path cache = aotCacheIn(target);
        assertTrue(cache.getFileName().toString().startsWith("generate-25.0.3-"), "named after the JDK: " + cache);
        try (var files = Files.list(target)) {
            assertEquals(List.of("course-server.jar", cache.getFileName().toString()),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no recording left behind");
        }

        Files.delete(calls);
        run(jdk, "generate", "--model", "m.gguf", "hello");
        List<String> second = Files.readAllLines(calls);
        assertEquals(1, second.size(), second.toString());
        assertTrue(second.getFirst().contains("-XX:AOTCache=" + cache)
                && second.getFirst().contains("-Dcourse.generate.warmup=false")
                && second.getFirst().contains("-XX:+UseSerialGC"), second.getFirst());
    }

    @Test
    void aGenerateThatFailsOrLoadsNoModelRecordsNoCache() throws Exception {
        Path jdk = jdk("jdk25", "JAVA_VERSION=\"25.0.3\"", "25");
        runFailing(jdk, "generate", "--model", "missing.gguf", "hello");
        run(jdk, "generate", "--help");
        run(jdk, "generate", "--model", "openai:http://localhost:1/v1", "hello");
        try (var files = Files.list(root.resolve("server/target"))) {
            assertEquals(List.of("course-server.jar"), files.map(f -> f.getFileName().toString()).toList());
        }
        List<String> lines = Files.readAllLines(calls);
        assertEquals(3, lines.size(), "no cache written: " + lines);
        assertTrue(lines.get(0).contains("-XX:AOTMode=record"), lines.get(0));
        assertFalse(lines.get(1).contains("AOT") || lines.get(2).contains("AOT"), lines.toString());
    }

    @Test
    void anotherJdkRecordsItsOwnCacheInsteadOfUsingOneItWouldRefuse() throws Exception {
        Path jdk = jdk("jdk25", "JAVA_VERSION=\"25.0.3\"", "25");
        run(jdk, "generate", "--model", "m.gguf", "hello");
        Path first = aotCacheIn(root.resolve("server/target"));

        Files.delete(calls);
        Path newer = jdk("jdk25b", "JAVA_VERSION=\"25.0.4\"", "25");
        run(newer, "generate", "--model", "m.gguf", "hello");
        List<String> lines = Files.readAllLines(calls);
        assertTrue(lines.getFirst().contains("-XX:AOTMode=record") && !lines.getFirst().contains("-XX:AOTCache=" + first),
                "the other JDK's cache is not used: " + lines);
        try (var files = Files.list(root.resolve("server/target"))) {
            assertEquals(3, files.count(), "a cache per JDK beside the jar");
        }
    }

    /** The one AOT cache the launcher wrote into {@code target}. */
    private static Path aotCacheIn(Path target) throws IOException {
        try (var files = Files.list(target)) {
            List<Path> caches = files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList();
            assertEquals(1, caches.size(), "one cache: " + caches);
            return caches.getFirst();
        }
    }

    /** A stand-in JDK: a {@code release} file (unless null) and a {@code bin/java} that logs its call. */
    private Path jdk(String name, String releaseLine, String specificationVersion) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        if (releaseLine != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\n" + releaseLine + "\n");
        }
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/bash
                echo "%s $*" >> %s
                case "$*" in *-XshowSettings*) echo "    java.specification.version = %s" >&2 ;; esac
                for arg in "$@"; do
                  case "$arg" in
                    -XX:AOTConfiguration=*) configuration="${arg#*=}" ;;
                    -XX:AOTCache=*) cache="${arg#*=}" ;;
                    -XX:AOTMode=*) mode="${arg#*=}" ;;
                  esac
                done
                if [ "$mode" = record ]; then echo recorded > "$configuration"; fi
                if [ "$mode" = create ]; then echo cache > "$cache"; fi
                exit "${STAND_IN_EXIT:-0}"
                """.formatted(home, calls, specificationVersion), StandardCharsets.UTF_8);
        executable(java);
        return home;
    }

    private String run(Path javaHome, String... args) throws Exception {
        return run(javaHome, 0, args);
    }

    /** {@link #run}, with the stand-in {@code java} exiting 1 as a failed command does. */
    private String runFailing(Path javaHome, String... args) throws Exception {
        return run(javaHome, 1, args);
    }

    private String run(Path javaHome, int javaExit, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of(root.resolve("course").toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("STAND_IN_EXIT", Integer.toString(javaExit));
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher finished");
        return err;
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
