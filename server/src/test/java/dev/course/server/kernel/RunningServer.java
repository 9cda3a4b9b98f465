package dev.course.server.kernel;

import dev.course.lessons.CourseContent;
import dev.course.server.progress.JdbcProgressStore;
import dev.course.server.search.CourseSearch;
import dev.course.server.web.CourseServer;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The real course server around a kernel pool, for the kernel tests that need one (the fault suite
 * connects to its port; the cell benchmark talks to its WebSocket). The one place that knows how
 * the server is assembled; search is left without a model, since these tests never search (the web
 * tests that only run cells and pages use it too).
 */
public final class RunningServer {

    private RunningServer() {
    }

    public static CourseServer start(KernelPool pool) throws IOException {
        var progress = JdbcProgressStore.sqlite(Files.createTempDirectory("course-kernel-it").resolve("progress.db"));
        var search = CourseSearch.start(CourseContent.packaged()::course, () -> {
            throw new IllegalStateException("kernel tests do not search");
        });
        return CourseServer.start(CourseContent.packaged(), pool, progress, search, "127.0.0.1", 0);
    }
}
