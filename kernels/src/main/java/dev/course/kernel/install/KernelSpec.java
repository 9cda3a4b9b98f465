package dev.course.kernel.install;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.KernelLaunch;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the Jupyter kernelspec that starts this kernel, so notebooks run the same kernel as the
 * course pages.
 *
 * <p>Stable API, used by {@code ./course kernel install} and {@code ./course kernel uninstall}:
 *
 * <ul>
 *   <li>{@link #install(Path, List, KernelSpecOptions)} writes {@code <kernelsDir>/<name>/}: a
 *       {@code kernel.json}, the logos, and a copy of the kernel's class path in {@code lib/}, so the
 *       kernelspec keeps working after {@code mvn clean} or a checkout of another branch;
 *   <li>{@link #uninstall(Path, String)} removes such a directory;
 *   <li>{@link #userKernelsDir()} is Jupyter's per-user kernels directory
 *       ({@code ~/.local/share/jupyter/kernels} on Linux, {@code ~/Library/Jupyter/kernels} on macOS,
 *       {@code %APPDATA%\jupyter\kernels} on Windows);
 *   <li>{@link #prefixKernelsDir(Path)} is {@code DIR/share/jupyter/kernels} for {@code --prefix DIR}
 *       (for example a virtualenv's {@code sys.prefix}).
 * </ul>
 *
 * <p>The spec runs the JDK that runs the installer ({@code java.home}), with {@link KernelLaunch#JVM_FLAGS}, the
 * {@link #classArchiveFlags class-data archive's flags}, the options' JVM options (after ours, so that
 * they can override them), the copied class path and
 * {@code --connection-file {connection_file}}.
 * {@code interrupt_mode} is {@code message}: Jupyter interrupts with an {@code interrupt_request} on
 * the control channel, not a signal.
 */
public final class KernelSpec {

    /** The kernelspec's directory name, which is also the kernel's name in Jupyter. */
    public static final String NAME = "course-java";

    /** The name shown in Jupyter's launcher and kernel menu. */
    public static final String DISPLAY_NAME = "Java (course)";

    private KernelSpec() {
    }

    /** What {@link #install} wrote. */
    public record Installed(Path specDir, int copiedEntries, long copiedBytes) {
    }

    /** The folder inside a kernelspec that holds the copied class path. */
    static final String LIB = "lib";

    /** The class-data archive's file inside a kernelspec (see {@link #classArchiveFlags}). */
    static final String CLASS_ARCHIVE = "kernel.jsa";

    /**
     * The JVM flags that give a Jupyter kernel a class-data archive of its own: the first kernel
     * writes {@value #CLASS_ARCHIVE} into the kernelspec when it exits (the JShell, compiler, kernel
     * and engine classes it loaded, parsed), and every later kernel maps it instead of loading those
     * classes from the jars again, which shortens every later kernel's start (measured in
     * docs/measurements.md, "CI and test times"). The JVM checks the archive against
     * the class path and the JDK and writes it afresh when they changed, so it needs no upkeep; it
     * lives beside the copied class path and goes with it on {@code --replace} or uninstall.
     *
     * <p>Why not the server's trained AOT cache ({@code KernelClassArchive} in the server): that
     * needs a training run at install time and a JDK 25 flag set per class path; the JVM's own
     * dynamic archive needs neither. {@code -XX:+VerifySharedSpaces} makes a kernel check the
     * archive's checksums before mapping it, so a file that two kernels exiting together both wrote
     * is refused (and written again) instead of mapped. {@code -Xlog:cds=off} keeps the JVM's notes
     * about the archive (such as "disabling optimized module handling" under
     * {@code --add-modules}) off the terminal that started Jupyter.
     */
    static List<String> classArchiveFlags(Path specDir) {
        return List.of("-XX:SharedArchiveFile=" + specDir.resolve(CLASS_ARCHIVE), "-XX:+AutoCreateSharedArchive",
                "-XX:+VerifySharedSpaces", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * Writes {@code <kernelsDir>/<name>/}: {@code kernel.json}, {@code logo-32x32.png},
     * {@code logo-64x64.png} and {@code lib/} with a copy of every class-path entry (jars and class
     * folders; entries that do not exist are left out, as the JVM ignores them).
     *
     * @param kernelsDir a Jupyter kernels directory, e.g. {@link #userKernelsDir()}; created if missing
     * @param classPath  the kernel's class path: the kernel, the engine and their libraries
     * @throws IllegalArgumentException if that kernelspec exists and {@code options.replace()} is false,
     *                                  or the class path is empty
     */
    public static Installed install(Path kernelsDir, List<Path> classPath, KernelSpecOptions options) throws IOException {
        List<Path> entries = classPath.stream().map(Path::toAbsolutePath).filter(Files::exists).toList();
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the kernel needs a class path, and none of its entries exists: " + classPath);
        }
        Path specDir = kernelsDir.resolve(options.name());
        if (Files.exists(specDir)) {
            if (!options.replace()) {
                throw new IllegalArgumentException("a kernelspec '" + options.name() + "' is already installed in " + specDir
                        + "; add --replace to overwrite it, or choose another --name");
            }
            deleteSpec(specDir);
        }
        Path lib = specDir.resolve(LIB);
        Files.createDirectories(lib);
        List<Path> copies = new ArrayList<>();
        long bytes = 0;
        for (Path entry : entries) {
            Path copy = lib.resolve(copies.size() + "-" + entry.getFileName());
            bytes += copyTree(entry, copy);
            copies.add(copy);
        }
        String copiedClassPath = copies.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> jvmOptions = new ArrayList<>(classArchiveFlags(specDir.toAbsolutePath()));
        jvmOptions.addAll(options.jvmOptions());
        Files.writeString(specDir.resolve("kernel.json"), kernelJson(copiedClassPath, options.withJvmOptions(jvmOptions)));
        KernelLogo.writeInto(specDir);
        return new Installed(specDir, copies.size(), bytes);
    }

    /**
     * Removes {@code <kernelsDir>/<name>/} with everything in it.
     *
     * @throws IllegalArgumentException if there is no kernelspec of that name there (a folder without
     *                                  {@code kernel.json} is left alone)
     */
    public static Path uninstall(Path kernelsDir, String name) throws IOException {
        Path specDir = kernelsDir.resolve(KernelSpecOptions.checkName(name));
        if (!Files.isRegularFile(specDir.resolve("kernel.json"))) {
            throw new IllegalArgumentException("no kernelspec '" + name + "' in " + kernelsDir
                    + " ('jupyter kernelspec list' shows where the installed ones are)");
        }
        deleteSpec(specDir);
        return specDir;
    }

    /** The content of {@code kernel.json}, pretty-printed. */
    public static String kernelJson(String classPath, KernelSpecOptions options) {
        ObjectNode spec = Json.object(
                "argv", argv(classPath, options.jvmOptions()),
                "display_name", options.displayName(),
                "language", "java",
                "interrupt_mode", "message",
                "env", Json.MAPPER.valueToTree(options.env()),
                "metadata", Json.object("debugger", false));
        try {
            return Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(spec) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command line Jupyter runs; {@code {connection_file}} is filled in by Jupyter. */
    public static List<String> argv(String classPath, List<String> jvmOptions) {
        if (classPath == null || classPath.isBlank()) {
            throw new IllegalArgumentException("the kernel needs a class path");
        }
        List<String> argv = new ArrayList<>();
        argv.add(javaExecutable().toString());
        argv.addAll(KernelLaunch.JVM_FLAGS);
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", classPath, KernelLaunch.MAIN_CLASS, KernelLaunch.CONNECTION_FILE, "{connection_file}"));
        return argv;
    }

    /** Copies a file, or a folder with everything in it; returns the bytes copied. */
    private static long copyTree(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            return Files.size(target);
        }
        long bytes = 0;
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                    bytes += Files.size(copy);
                }
            }
        }
        return bytes;
    }

    /** Deletes a kernelspec folder; refuses one that is not a kernelspec (no kernel.json, not empty). */
    private static void deleteSpec(Path specDir) throws IOException {
        boolean isSpec = Files.isRegularFile(specDir.resolve("kernel.json"));
        try (Stream<Path> children = Files.list(specDir)) {
            if (!isSpec && children.findAny().isPresent()) {
                throw new IllegalArgumentException(specDir + " is not a kernelspec (it has no kernel.json); not touching it");
            }
        }
        try (Stream<Path> walk = Files.walk(specDir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
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
