package dev.course.server.progress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Override
    String database() {
        return dir.resolve("progress.db").toString();
    }

    @Override
    String jdbcUrl() {
        return "jdbc:sqlite:" + dir.resolve("progress.db");
    }

    /** Learners' code and progress are readable by the server's user only, write-ahead log included. */
    @Test
    void theDatabaseFilesAreTheOwnersOnly() throws Exception {
        store().saveCode("learner-1", "track/lesson", "c1", "int secret = 1;");
        Path database = dir.resolve("progress.db");
        Path wal = dir.resolve("progress.db-wal");
        assertTrue(Files.exists(wal), "SQLite writes ahead to " + wal);
        for (Path file : new Path[]{database, wal}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    @AfterEach
    void close() {
        if (open != null) {
            open.close();
        }
    }
}
