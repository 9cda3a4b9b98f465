package dev.course.server.app;

import dev.course.lessons.CourseContent;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.Sandbox;
import dev.course.server.kernel.TestLaunchers;

/**
 * The tests' one way to start a course server: the {@link CourseApplication} that {@code serve}
 * assembles (the shared model service, the course search, a fresh SQLite database), serving the
 * packaged course on a free port of 127.0.0.1, with kernels from {@link TestLaunchers} (this
 * machine's sandbox, the class-data archive made first). A test changes only what it is about
 * ({@code .maxKernels(4).workshop(token).start()}).
 *
 * <p>Unlike {@code serve}, kernels start on demand (no warm pool) unless a test asks for some: a warm
 * pool is CPU spent in the background of every test on a two-core machine.
 */
public final class TestServers {

    private TestServers() {
    }

    /** As described above, with default kernel limits. */
    public static CourseApplication.Builder application() {
        return application(KernelLimits.defaults());
    }

    /** As described above, with kernels held to {@code limits}. */
    public static CourseApplication.Builder application(KernelLimits limits) {
        return application(TestLaunchers.withClassArchive(Sandbox.detect(), limits));
    }

    /** As described above, with kernels from {@code launcher} (its model service, if it has one, is used). */
    public static CourseApplication.Builder application(KernelLauncher launcher) {
        return CourseApplication.serving(CourseContent.packaged()).localKernels(launcher).warmKernels(0);
    }
}
