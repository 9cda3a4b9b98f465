package dev.course.server.kernel;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kernel gets the kernel's own class path, not the server's: these tests run with everything of the
 * server on the class path (Javalin, Jetty, JDBC drivers, picocli, HikariCP, langchain4j and llama.cpp of
 * the bench commands), and none of it reaches a kernel.
 */
class KernelClassPathTest {

    @Test
    void theKernelGetsTheKernelAndTheEngineAndNoneOfTheServersLibraries() {
        String server = System.getProperty("java.class.path");
        for (String library : List.of("javalin", "jetty-server", "sqlite-jdbc", "postgresql", "picocli", "HikariCP",
                "langchain4j-embeddings-1", "llama")) {
            assertTrue(server.contains(library), "these tests run with " + library + " on the class path");
        }

        List<Path> kernel = KernelLauncher.kernelClassPath();

        List<String> names = kernel.stream().map(Path::toString).toList();
        assertTrue(names.stream().anyMatch(name -> name.contains("course-kernels") || name.contains("kernels/target/classes")), names.toString());
        assertTrue(names.stream().anyMatch(name -> name.contains("course-engine") || name.contains("engine/target/classes")), names.toString());
        assertTrue(names.stream().anyMatch(name -> name.contains("jeromq")), names.toString());
        assertTrue(names.stream().anyMatch(name -> name.contains("junit-jupiter-engine")), "exercise checks run JUnit in the kernel");
        assertTrue(names.stream().anyMatch(name -> name.contains("course-lessons") || name.contains("lessons/target/classes")),
                "the RAG lessons' cells read the lessons from the class path: " + names);
        for (String forbidden : List.of("javalin", "jetty", "sqlite", "postgresql", "picocli", "HikariCP", "langchain4j-embeddings-1",
                "langchain4j-core", "/ai/djl/", "tokenizers", "llama", "slf4j-simple", "course-server", "server/target", "flexmark",
                "snakeyaml", "selenium")) {
            assertFalse(names.stream().anyMatch(name -> name.contains(forbidden)), forbidden + " is on the kernel's class path: " + names);
        }
    }
}
