package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kernel launchers for tests, set up as {@code serve} sets up its own: this application's class
 * path, the machine's sandbox, and the kernels' class-data archive made before the first kernel.
 *
 * <p>Why the archive: {@code serve} trains it at start, so learners' kernels map it; tests that
 * started kernels without it measured a server nobody runs, and paid about two seconds of CPU per
 * kernel start (docs/measurements.md, "Kernels and cells") on a two-core CI machine, hundreds of times. The archive is made
 * once per JDK, class path and kernel flags and kept in {@code ~/.cache/course/cds}; later calls
 * find it there at once.
 */
public final class TestLaunchers {

    /** Long enough for one training kernel on a loaded two-core machine. */
    private static final long TRAINING_MINUTES = 5;

    private TestLaunchers() {
    }

    /**
     * A launcher for this machine's sandbox with the kernel's class path picked out of the packaged
     * course (the server jar and {@code target/lib}, as {@code ./course serve} runs), its class-data
     * archive made first. Outside failsafe, where nothing is packaged, out of the test JVM's own class
     * path; folders of classes there rule out an archive, and kernels start without one.
     */
    public static KernelLauncher withClassArchive(Sandbox sandbox, KernelLimits limits) {
        KernelLauncher launcher = packagedClassPath()
                .map(classPath -> new KernelLauncher(Path.of(System.getProperty("java.home")), classPath, sandbox, limits))
                .orElseGet(() -> KernelLauncher.forThisApplication(sandbox, limits));
        try {
            if (!launcher.prepareClassArchive().get(TRAINING_MINUTES, TimeUnit.MINUTES)) {
                System.err.println("no class-data archive for test kernels: they start without one (see the log above)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            System.err.println("no class-data archive for test kernels (" + e + "): they start without one");
        }
        return launcher;
    }

    /** The kernel's jars picked out of the packaged course's, when failsafe says where those are. */
    private static Optional<List<Path>> packagedClassPath() {
        String jar = System.getProperty("course.jar");
        String lib = System.getProperty("course.lib");
        if (jar == null || lib == null || !Files.isRegularFile(Path.of(jar)) || !Files.isDirectory(Path.of(lib))) {
            return Optional.empty();
        }
        List<Path> classPath = new ArrayList<>(List.of(Path.of(jar).toAbsolutePath()));
        try (Stream<Path> jars = Files.list(Path.of(lib))) {
            jars.filter(path -> path.toString().endsWith(".jar")).map(Path::toAbsolutePath).sorted().forEach(classPath::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(KernelLauncher.kernelClassPath(classPath));
    }
}
