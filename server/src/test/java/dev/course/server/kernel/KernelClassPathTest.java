package dev.course.server.kernel;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** llama.cpp, the bench commands' yardstick, is never on a kernel's class path, wherever the server has it. */
class KernelClassPathTest {

    @Test
    void llamaCppIsLeftOutOfTheKernelsClassPath() {
        assertTrue(System.getProperty("java.class.path").contains("llama"),
                "these tests run with llama.cpp on the class path (the server has it in provided scope)");
        assertTrue(KernelLauncher.currentClassPath().stream().noneMatch(p -> !KernelLauncher.kernelMayHave(p)));
        assertTrue(KernelLauncher.currentClassPath().stream().noneMatch(p -> p.toString().contains("kherud")
                || p.toString().contains("llamacpp")), KernelLauncher.currentClassPath().toString());
        assertFalse(KernelLauncher.kernelMayHave(Path.of("/app/server/target/bench-lib/llama-4.2.0.jar")));
        assertFalse(KernelLauncher.kernelMayHave(Path.of("/app/server/target/bench-lib/course-llamacpp-0.1.0-SNAPSHOT.jar")));
        assertFalse(KernelLauncher.kernelMayHave(Path.of("/home/me/.m2/repository/de/kherud/llama/4.2.0/llama-4.2.0.jar")));
        assertFalse(KernelLauncher.kernelMayHave(Path.of("/work/course/llamacpp/target/classes")));
        assertTrue(KernelLauncher.kernelMayHave(Path.of("/app/server/target/lib/course-engine-0.1.0-SNAPSHOT.jar")));
        assertTrue(KernelLauncher.kernelMayHave(Path.of("/app/server/target/lib/lucene-core-10.3.1.jar")));
    }
}
