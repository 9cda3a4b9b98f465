package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.Sandbox;
import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.KernelClassPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class-data archive for real: a training kernel on the kernel's class path picked out of the
 * packaged application (jars only, as {@code ./course} runs it) writes it, and a kernel launched in the machine's sandbox maps it —
 * the archive file shows in the kernel's own {@code /proc/self/maps}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KernelClassArchiveIT {

    @Test
    void aTrainedArchiveIsMappedByTheNextSandboxedKernel(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("course.jar"));
        Path lib = Path.of(System.getProperty("course.lib"));
        assertTrue(Files.isRegularFile(jar) && Files.isDirectory(lib), "run after packaging: " + jar);
        List<Path> application = new ArrayList<>(List.of(jar));
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter(path -> path.toString().endsWith(".jar")).sorted().forEach(application::add);
        }
        List<Path> classPath = KernelClassPath.from(application);
        assertTrue(classPath.size() < application.size() && classPath.stream().noneMatch(path -> path.toString().contains("javalin")),
                "the kernel's own class path, not the application's: " + classPath);
        KernelLimits limits = KernelLimits.defaults();
        Sandbox sandbox = Sandbox.detect();
        KernelLauncher plain = new KernelLauncher(Path.of(System.getProperty("java.home")), classPath, sandbox, limits,
                KernelClassArchive.none());
        KernelClassArchive archive = new KernelClassArchive(dir.resolve("kernel-it.aot"), KernelClassArchive.Kind.AOT, true);
        KernelLauncher launcher = new KernelLauncher(Path.of(System.getProperty("java.home")), classPath, sandbox, limits, archive);
        assertEquals(List.of(), plain.javaCommand().stream().filter(arg -> arg.contains("AOTCache")).toList());

        assertTrue(launcher.prepareClassArchive().get(5, TimeUnit.MINUTES), "the training kernel wrote the archive");
        assertTrue(launcher.javaCommand().contains("-XX:AOTCache=" + archive.file()));

        List<JsonNode> results = new CopyOnWriteArrayList<>();
        try (KernelSession session = new KernelSession("archive-it", launcher, List.of())) {
            KernelSession.Reply reply = session.execute(
                    "Files.readAllLines(Path.of(\"/proc/self/maps\")).stream().anyMatch(line -> line.endsWith(\""
                            + archive.file().getFileName() + "\"))",
                    (type, content) -> {
                        if (type.equals("execute_result")) {
                            results.add(content);
                        }
                    }).get(3, TimeUnit.MINUTES);
            assertEquals("ok", reply.status(), reply.reply().toString());
        }
        assertEquals("true", results.getFirst().path("data").path("text/plain").asText(), "the kernel mapped " + archive.file());
    }
}
