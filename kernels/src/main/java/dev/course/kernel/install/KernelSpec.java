package dev.course.kernel.install;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.KernelMain;
import dev.course.kernel.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the Jupyter kernelspec that starts this kernel, so notebooks run the same kernel as the
 * course pages.
 *
 * <p>Stable API, used by {@code ./course kernel install [--user | --prefix DIR]}:
 *
 * <ul>
 *   <li>{@link #install(Path, String)} writes {@code <kernelsDir>/course-java/kernel.json} and returns
 *       that {@code course-java} directory;
 *   <li>{@link #userKernelsDir()} is Jupyter's per-user kernels directory
 *       ({@code ~/.local/share/jupyter/kernels} on Linux, {@code ~/Library/Jupyter/kernels} on macOS,
 *       {@code %APPDATA%\jupyter\kernels} on Windows);
 *   <li>{@link #prefixKernelsDir(Path)} is {@code DIR/share/jupyter/kernels} for {@code --prefix DIR}
 *       (for example a virtualenv's {@code sys.prefix}).
 * </ul>
 *
 * <p>The spec runs the JDK that runs the installer ({@code java.home}), with {@link #JVM_FLAGS}, the
 * class path the caller gives (absolute entries: the kernel, the engine and their libraries), and
 * {@code --connection-file {connection_file}}. {@code interrupt_mode} is {@code message}: Jupyter
 * interrupts with an {@code interrupt_request} on the control channel, not a signal.
 */
public final class KernelSpec {

    /** The kernelspec's directory name, which is also the kernel's name in Jupyter. */
    public static final String NAME = "course-java";

    /** The name shown in Jupyter's launcher and kernel menu. */
    public static final String DISPLAY_NAME = "Java (course)";

    /**
     * JVM flags for a kernel:
     * <ul>
     *   <li>{@code --add-modules jdk.incubator.vector}: the engine's vector maths uses the Vector API;
     *   <li>{@code -XX:+UseSerialGC}: one user, one JVM; the serial collector starts fastest and has
     *       the smallest footprint, which matters more than pause times here;
     *   <li>{@code -XX:TieredStopAtLevel} is deliberately not set: lessons run vector maths and
     *       models, which need the optimising compiler;
     *   <li>{@code --enable-native-access=ALL-UNNAMED}: ONNX Runtime and tokenizers load native code;
     *       without it JDK 25 prints a warning into the notebook's log on first use.
     * </ul>
     */
    public static final List<String> JVM_FLAGS = List.of(
            "--add-modules", "jdk.incubator.vector",
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED");

    private KernelSpec() {
    }

    /**
     * Writes {@code <kernelsDir>/course-java/kernel.json}, replacing an older one.
     *
     * @param kernelsDir a Jupyter kernels directory, e.g. {@link #userKernelsDir()}; created if missing
     * @param classPath  the kernel's class path, entries separated by {@link java.io.File#pathSeparator}
     * @return the kernelspec directory ({@code <kernelsDir>/course-java})
     */
    public static Path install(Path kernelsDir, String classPath) throws IOException {
        Path specDir = kernelsDir.resolve(NAME);
        Files.createDirectories(specDir);
        Files.writeString(specDir.resolve("kernel.json"), kernelJson(classPath));
        return specDir;
    }

    /** The content of {@code kernel.json}, pretty-printed. */
    public static String kernelJson(String classPath) {
        ObjectNode spec = Json.object(
                "argv", argv(classPath),
                "display_name", DISPLAY_NAME,
                "language", "java",
                "interrupt_mode", "message",
                "metadata", Json.object("debugger", false));
        try {
            return Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(spec) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command line Jupyter runs; {@code {connection_file}} is filled in by Jupyter. */
    public static List<String> argv(String classPath) {
        if (classPath == null || classPath.isBlank()) {
            throw new IllegalArgumentException("the kernel needs a class path");
        }
        List<String> argv = new ArrayList<>();
        argv.add(javaExecutable().toString());
        argv.addAll(JVM_FLAGS);
        argv.addAll(List.of("-cp", classPath, KernelMain.class.getName(), "--connection-file", "{connection_file}"));
        return argv;
    }

    /** The {@code java} launcher of the running JDK. */
    public static Path javaExecutable() {
        String launcher = isWindows() ? "java.exe" : "java";
        return Path.of(System.getProperty("java.home"), "bin", launcher).toAbsolutePath();
    }

    /** Jupyter's per-user kernels directory on this operating system. */
    public static Path userKernelsDir() {
        Path home = Path.of(System.getProperty("user.home"));
        if (isWindows()) {
            String appData = System.getenv("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : home.resolve("AppData").resolve("Roaming");
            return base.resolve("jupyter").resolve("kernels");
        }
        if (isMac()) {
            return home.resolve("Library").resolve("Jupyter").resolve("kernels");
        }
        String dataHome = System.getenv("XDG_DATA_HOME");
        Path base = dataHome != null && !dataHome.isBlank() ? Path.of(dataHome) : home.resolve(".local").resolve("share");
        return base.resolve("jupyter").resolve("kernels");
    }

    /** {@code prefix/share/jupyter/kernels}, the kernels directory of an installation prefix. */
    public static Path prefixKernelsDir(Path prefix) {
        return prefix.resolve("share").resolve("jupyter").resolve("kernels");
    }

    private static boolean isWindows() {
        return osName().startsWith("windows");
    }

    private static boolean isMac() {
        return osName().startsWith("mac");
    }

    private static String osName() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    }
}
