package dev.course.kernel.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

    @Test
    void writesAKernelJsonThatStartsThisJdkWithTheKernel(@TempDir Path kernels) throws Exception {
        String classPath = "/opt/course/lib/kernels.jar" + File.pathSeparator + "/opt/course/lib/engine.jar";

        Path specDir = KernelSpec.install(kernels, classPath);

        assertEquals(kernels.resolve("course-java"), specDir);
        JsonNode spec = Json.parse(Files.readString(specDir.resolve("kernel.json")));
        assertEquals("Java (course)", spec.path("display_name").asText());
        assertEquals("java", spec.path("language").asText());
        assertEquals("message", spec.path("interrupt_mode").asText());

        List<String> argv = new ArrayList<>();
        spec.path("argv").forEach(arg -> argv.add(arg.asText()));
        Path java = Path.of(argv.getFirst());
        assertTrue(java.isAbsolute());
        assertEquals(Path.of(System.getProperty("java.home")).toAbsolutePath(), java.getParent().getParent());
        assertTrue(Files.isExecutable(java), "the running JDK's java launcher");
        assertEquals(KernelSpec.JVM_FLAGS, argv.subList(1, 1 + KernelSpec.JVM_FLAGS.size()));
        assertEquals(List.of("-cp", classPath, "dev.course.kernel.KernelMain", "--connection-file", "{connection_file}"),
                argv.subList(1 + KernelSpec.JVM_FLAGS.size(), argv.size()));
        assertTrue(argv.containsAll(List.of("--add-modules", "jdk.incubator.vector")));
    }

    @Test
    void reinstallingReplacesTheSpec(@TempDir Path kernels) throws Exception {
        KernelSpec.install(kernels, "/old.jar");
        Path specDir = KernelSpec.install(kernels, "/new.jar");
        assertTrue(Files.readString(specDir.resolve("kernel.json")).contains("/new.jar"));
        assertThrows(IllegalArgumentException.class, () -> KernelSpec.install(kernels, " "));
    }

    @Test
    void knowsJupytersKernelDirectories() {
        assertEquals(Path.of("/venv/share/jupyter/kernels"), KernelSpec.prefixKernelsDir(Path.of("/venv")));
        Path user = KernelSpec.userKernelsDir();
        assertTrue(user.endsWith(Path.of("jupyter", "kernels")) || user.endsWith(Path.of("Jupyter", "kernels")), user.toString());
        if (System.getProperty("os.name").toLowerCase().startsWith("linux") && System.getenv("XDG_DATA_HOME") == null) {
            assertEquals(Path.of(System.getProperty("user.home"), ".local", "share", "jupyter", "kernels"), user);
        }
    }
}
