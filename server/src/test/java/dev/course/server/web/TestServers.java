package dev.course.server.web;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.lessons.CourseContent;
import dev.course.server.kernel.TestLaunchers;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.kernel.KernelLimits;
import dev.course.server.kernel.KernelPool;
import dev.course.server.kernel.Sandbox;
import dev.course.server.progress.Database;
import dev.course.server.progress.JdbcProgressStore;
import dev.course.server.search.CourseSearch;
import dev.course.server.workshop.WorkshopStore;

import java.io.IOException;
import java.nio.file.Files;

/** Real course servers for the browser tests, on a free port of 127.0.0.1. */
final class TestServers {

    private TestServers() {
    }

    /**
     * A server in workshop mode with the packaged course, a fresh SQLite database, sandboxed kernels
     * and the course search.
     *
     * @param instructorToken what {@code /instructor?token=…} must present
     * @param maxKernels      the kernel pool's size
     */
    static CourseServer workshop(String instructorToken, int maxKernels) throws IOException {
        Database database = Database.sqlite(Files.createTempDirectory("course-workshop").resolve("course.db"));
        KernelPool pool = new KernelPool(TestLaunchers.withClassArchive(Sandbox.detect(), KernelLimits.defaults()),
                maxKernels, KernelPool.DEFAULT_IDLE_TIMEOUT);
        return CourseServer.start(CourseContent.packaged(), pool, new JdbcProgressStore(database),
                CourseSearch.start(CourseContent.packaged()::course, EmbeddingModel::miniLm),
                new CourseServer.Workshops(new WorkshopStore(database), instructorToken), "127.0.0.1", 0);
    }

    /**
     * A server for one learner's pages: the packaged course, a fresh SQLite database, the course
     * search and a pool of {@code maxKernels} kernels from {@code launcher} (sandboxed, with or
     * without a model service).
     */
    static CourseServer withKernels(KernelLauncher launcher, int maxKernels) throws IOException {
        KernelPool pool = new KernelPool(launcher, maxKernels, KernelPool.DEFAULT_IDLE_TIMEOUT);
        return CourseServer.start(CourseContent.packaged(), pool,
                JdbcProgressStore.sqlite(Files.createTempDirectory("course-progress").resolve("progress.db")),
                CourseSearch.start(CourseContent.packaged()::course, EmbeddingModel::miniLm), "127.0.0.1", 0);
    }

    /** {@link #withKernels(KernelLauncher, int)} with this machine's sandbox and default limits. */
    static CourseServer withKernels(int maxKernels) throws IOException {
        return withKernels(TestLaunchers.withClassArchive(Sandbox.detect(), KernelLimits.defaults()), maxKernels);
    }
}
