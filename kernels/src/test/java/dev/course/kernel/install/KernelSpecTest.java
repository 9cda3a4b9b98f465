package dev.course.kernel.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Json;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.course.kernel.protocol.KernelLaunch;

class KernelSpecTest {

    @TempDir
    Path dir;

    /** A class path like a build's: a jar and a folder of classes, both in a target/ that mvn clean deletes. */
    private List<Path> buildClassPath() throws Exception {
        Path target = dir.resolve("target");
        Path jar = Files.writeString(Files.createDirectories(target.resolve("lib")).resolve("engine.jar"), "jar bytes");
        Path classes = Files.createDirectories(target.resolve("classes/dev/course"));
        Files.writeString(classes.resolve("Kernel.class"), "class bytes");
        return List.of(jar, target.resolve("classes"), target.resolve("missing.jar"));
    }

    @Test
    void writesAKernelJsonThatStartsThisJdkWithACopyOfTheClassPath() throws Exception {
        Path kernels = dir.resolve("kernels");
        KernelSpec.Installed installed = KernelSpec.install(kernels, buildClassPath(), KernelSpecOptions.DEFAULTS);

        Path specDir = installed.specDir();
        assertEquals(kernels.resolve("course-java"), specDir);
        assertEquals(2, installed.copiedEntries(), "the missing entry is left out");
        JsonNode spec = Json.parse(Files.readString(specDir.resolve("kernel.json")));
        assertEquals("Java (course)", spec.path("display_name").asText());
        assertEquals("java", spec.path("language").asText());
        assertEquals("message", spec.path("interrupt_mode").asText());

        List<String> argv = argv(spec);
        Path java = Path.of(argv.getFirst());
        assertTrue(java.isAbsolute());
        assertEquals(Path.of(System.getProperty("java.home")).toAbsolutePath(), java.getParent().getParent());
        assertTrue(Files.isExecutable(java), "the running JDK's java launcher");
        assertEquals(KernelLaunch.JVM_FLAGS, argv.subList(1, 1 + KernelLaunch.JVM_FLAGS.size()));
        // The kernels' own class-data archive, kept in the kernelspec beside the class path it was made from.
        assertTrue(argv.contains("-XX:SharedArchiveFile=" + specDir.toAbsolutePath().resolve("kernel.jsa")), argv.toString());
        assertTrue(argv.contains("-XX:+AutoCreateSharedArchive"), argv.toString());
        String classPath = argv.get(argv.indexOf("-cp") + 1);
        assertEquals(List.of("dev.course.kernel.KernelMain", "--connection-file", "{connection_file}"),
                argv.subList(argv.indexOf("-cp") + 2, argv.size()));

        // mvn clean: the build's target/ is gone, the kernelspec's copies are not.
        deleteTree(dir.resolve("target"));
        List<Path> entries = Arrays.stream(classPath.split(File.pathSeparator)).map(Path::of).toList();
        assertEquals(2, entries.size());
        assertTrue(entries.stream().allMatch(entry -> entry.startsWith(specDir.resolve("lib"))), classPath);
        assertEquals("jar bytes", Files.readString(entries.get(0)));
        assertEquals("class bytes", Files.readString(entries.get(1).resolve("dev/course/Kernel.class")));
    }

    @Test
    void namesEnvironmentAndJvmOptionsGoIntoTheSpec() throws Exception {
        KernelSpecOptions options = KernelSpecOptions.DEFAULTS.withName("java-big").withDisplayName("Java (big heap)")
                .withEnv(Map.of("COURSE_MODE", "notebook")).withJvmOptions(List.of("-Xmx2g", "-ea"));
        Path specDir = KernelSpec.install(dir.resolve("kernels"), buildClassPath(), options).specDir();

        assertEquals("java-big", specDir.getFileName().toString());
        JsonNode spec = Json.parse(Files.readString(specDir.resolve("kernel.json")));
        assertEquals("Java (big heap)", spec.path("display_name").asText());
        assertEquals("notebook", spec.path("env").path("COURSE_MODE").asText());
        List<String> argv = argv(spec);
        // The learner's options come after the kernel's flags and the archive's, so that they can override them.
        int afterFlags = 1 + KernelLaunch.JVM_FLAGS.size() + KernelSpec.classArchiveFlags(specDir).size();
        assertEquals(List.of("-Xmx2g", "-ea", "-cp"), argv.subList(afterFlags, afterFlags + 3));
    }

    @Test
    void anInstalledSpecIsReplacedOnlyWhenAskedAndUninstalled() throws Exception {
        Path kernels = dir.resolve("kernels");
        KernelSpec.install(kernels, buildClassPath(), KernelSpecOptions.DEFAULTS);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> KernelSpec.install(kernels, buildClassPath(), KernelSpecOptions.DEFAULTS));
        assertTrue(refused.getMessage().contains("--replace"), refused.getMessage());

        Path specDir = KernelSpec.install(kernels, buildClassPath(), KernelSpecOptions.DEFAULTS.withReplace(true)
                .withDisplayName("Java (again)")).specDir();
        assertTrue(Files.readString(specDir.resolve("kernel.json")).contains("Java (again)"));

        assertEquals(specDir, KernelSpec.uninstall(kernels, "course-java"));
        assertFalse(Files.exists(specDir));
        assertThrows(IllegalArgumentException.class, () -> KernelSpec.uninstall(kernels, "course-java"));
        Files.createDirectories(kernels.resolve("not-a-spec"));
        Files.writeString(kernels.resolve("not-a-spec/notes.txt"), "mine");
        assertThrows(IllegalArgumentException.class, () -> KernelSpec.uninstall(kernels, "not-a-spec"));
        assertTrue(Files.exists(kernels.resolve("not-a-spec/notes.txt")), "a folder that is not a kernelspec is left alone");
    }

    @Test
    void badNamesEnvironmentVariablesAndJvmOptionsAreRefused() {
        KernelSpecOptions defaults = KernelSpecOptions.DEFAULTS;
        assertThrows(IllegalArgumentException.class, () -> defaults.withName("../escape"));
        assertThrows(IllegalArgumentException.class, () -> defaults.withName(".."));
        assertThrows(IllegalArgumentException.class, () -> defaults.withDisplayName(" "));
        assertThrows(IllegalArgumentException.class, () -> defaults.withEnv(Map.of("NOT A NAME", "x")));
        assertThrows(IllegalArgumentException.class, () -> defaults.withJvmOptions(List.of("Xmx2g")));
        assertThrows(IllegalArgumentException.class, () -> defaults.withJvmOptions(List.of("-cp")));
        assertThrows(IllegalArgumentException.class, () -> KernelSpec.uninstall(dir, "../x"));
        assertThrows(IllegalArgumentException.class,
                () -> KernelSpec.install(dir.resolve("kernels"), List.of(dir.resolve("nothing.jar")), defaults));
    }

    @Test
    void theLogosAreSquarePngsOfJupytersSizes() throws Exception {
        Path specDir = KernelSpec.install(dir.resolve("kernels"), buildClassPath(), KernelSpecOptions.DEFAULTS).specDir();
        for (int size : new int[] {32, 64}) {
            BufferedImage logo = ImageIO.read(specDir.resolve("logo-" + size + "x" + size + ".png").toFile());
            assertEquals(size, logo.getWidth());
            assertEquals(size, logo.getHeight());
            assertTrue((logo.getRGB(size / 2, size / 2) >>> 24) > 0, "not transparent in the middle");
        }
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

    private static List<String> argv(JsonNode spec) {
        List<String> argv = new ArrayList<>();
        spec.path("argv").forEach(arg -> argv.add(arg.asText()));
        return argv;
    }

    private static void deleteTree(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
