package dev.course.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelClassPathTest {

    private static final List<String> LISTING = List.of(
            "",
            "The following files have been resolved:",
            "   dev.course:course-engine:jar:0.1.0-SNAPSHOT:compile -- module course.engine (auto)",
            "   org.zeromq:jeromq:jar:0.6.0:compile -- module org.zeromq.jeromq",
            "   com.google.code.gson:gson:jar:2.15.0:compile -- module com.google.gson",
            "   org.junit.jupiter:junit-jupiter-engine:jar:5.14.4:runtime -- module org.junit.jupiter.engine",
            "   org.openjfx:javafx-base:jar:linux:21:compile",
            "   org.example:only-for-tests:jar:1.0:test",
            "   org.example:a-bom:pom:1.0:compile");

    @Test
    void readsTheBuildsListingOfJarsInCompileAndRuntimeScope() {
        List<KernelClassPath.Artifact> artifacts = KernelClassPath.parse(LISTING);

        assertEquals(List.of("course-engine", "jeromq", "gson", "junit-jupiter-engine", "javafx-base"),
                artifacts.stream().map(KernelClassPath.Artifact::artifactId).toList());
        assertEquals(new KernelClassPath.Artifact("org.openjfx", "javafx-base", "21", "linux"), artifacts.get(4));
    }

    @Test
    void picksTheKernelsEntriesOutOfTheServersLibFolder() {
        Path kernel = Path.of("/app/lib/course-kernels-0.1.0-SNAPSHOT.jar");
        List<Path> server = paths("course-server.jar", "lib/course-kernels-0.1.0-SNAPSHOT.jar", "lib/javalin-7.2.3.jar",
                "lib/course-engine-0.1.0-SNAPSHOT.jar", "lib/jeromq-0.6.0.jar", "lib/jetty-server-12.1.12.jar",
                "lib/gson-2.13.1.jar", "lib/junit-jupiter-engine-5.14.4.jar", "lib/junit-jupiter-api-5.14.4.jar",
                "lib/javafx-base-21-linux.jar", "lib/javafx-base-21-win.jar", "lib/picocli-4.7.7.jar");

        List<Path> kernelPath = KernelClassPath.select(kernel, KernelClassPath.parse(LISTING), server);

        assertEquals(paths("lib/course-kernels-0.1.0-SNAPSHOT.jar", "lib/course-engine-0.1.0-SNAPSHOT.jar", "lib/jeromq-0.6.0.jar",
                "lib/gson-2.13.1.jar", "lib/junit-jupiter-engine-5.14.4.jar", "lib/javafx-base-21-linux.jar"), kernelPath,
                "the kernel first, then the listed artifacts in the server's order (gson in the server's version), nothing else");
    }

    @Test
    void classFoldersOfThisBuildCountAsTheirModulesArtifact() {
        KernelClassPath.Artifact engine = new KernelClassPath.Artifact("dev.course", "course-engine", "0.1.0-SNAPSHOT", "");

        assertTrue(engine.isIn(Path.of("/work/course/engine/target/classes")));
        assertFalse(engine.isIn(Path.of("/work/course/server/target/classes")));
        assertFalse(engine.isIn(Path.of("/work/course/engine/target/test-classes")));
        assertFalse(new KernelClassPath.Artifact("org.junit.jupiter", "junit-jupiter", "5.14.4", "")
                .isIn(Path.of("/lib/junit-jupiter-api-5.14.4.jar")), "a longer artifact id is another artifact");
    }

    @Test
    void aListedArtifactTheApplicationLacksIsAnErrorNotAKernelThatFailsInACell() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelClassPath.select(
                Path.of("/app/lib/course-kernels.jar"), KernelClassPath.parse(LISTING), paths("lib/course-engine-0.1.0-SNAPSHOT.jar")));

        assertTrue(e.getMessage().contains("org.zeromq:jeromq:0.6.0"), e.getMessage());
    }

    @Test
    void theBuildListsTheEngineAndNoneOfTheServersLibraries() {
        List<String> artifacts = KernelClassPath.artifacts().stream().map(KernelClassPath.Artifact::artifactId).toList();

        assertTrue(artifacts.containsAll(List.of("course-engine", "jackson-databind", "jeromq", "junit-jupiter-engine")), artifacts.toString());
        assertTrue(artifacts.stream().noneMatch(id -> id.startsWith("javalin") || id.startsWith("jetty") || id.startsWith("picocli")
                || id.startsWith("sqlite") || id.startsWith("postgresql") || id.startsWith("HikariCP") || id.equals("langchain4j-embeddings")),
                artifacts.toString());
    }

    @Test
    void theTestsOwnClassPathHoldsTheWholeKernel() {
        List<Path> own = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();

        List<Path> kernelPath = KernelClassPath.from(own);

        assertEquals(KernelClassPath.kernelEntry(), kernelPath.getFirst());
        assertTrue(kernelPath.size() > KernelClassPath.artifacts().size() / 2, kernelPath.toString());
        assertTrue(kernelPath.stream().noneMatch(entry -> entry.toString().contains("test-classes")), "not the tests' own classes");
    }

    /** Paths under /app, as the java launcher expands {@code lib/*}. */
    private static List<Path> paths(String... entries) {
        return Arrays.stream(entries).map(entry -> Path.of("/app").resolve(entry)).toList();
    }

    @Test
    void ofTwoVersionsOfALibraryOnlyTheListedOneIsTaken() {
        // a target/lib that kept lucene-core 10.3.2 after the upgrade to 10.6.0: both on one class path
        // mixed their classes in the kernel (IllegalAccessError: "not a nest member")
        Path kernel = Path.of("/app/lib/course-kernels-0.1.0-SNAPSHOT.jar");
        Path stale = Path.of("/app/lib/lucene-core-10.3.2.jar");
        Path current = Path.of("/app/lib/lucene-core-10.6.0.jar");
        List<KernelClassPath.Artifact> lucene = List.of(new KernelClassPath.Artifact("org.apache.lucene", "lucene-core", "10.6.0", ""));
        assertEquals(List.of(kernel, current), KernelClassPath.select(kernel, lucene, List.of(kernel, stale, current)));
        // with only another version at hand, that one is used (the application settled on it)
        assertEquals(List.of(kernel, stale), KernelClassPath.select(kernel, lucene, List.of(kernel, stale)));
    }
}
