package dev.course.server.progress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteProgressStoreTest extends ProgressStoreContract {

    @TempDir
    Path dir;
    private ProgressStore open;

    @Override
    ProgressStore store() {
        open = JdbcProgressStore.sqlite(dir.resolve("progress.db"));
        return open;
    }

    @Override
    ProgressStore reopen() {
        open = JdbcProgressStore.sqlite(dir.resolve("progress.db"));
        return open;
    }

    @AfterEach
    void close() {
        if (open != null) {
            open.close();
        }
    }
}
