package dev.course.server.progress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every progress store must do; run against SQLite and against a real PostgreSQL. */
abstract class ProgressStoreContract {

    /** A fresh, empty store. */
    abstract ProgressStore store();

    /** The same database opened again, as after a server restart. */
    abstract ProgressStore reopen();

    /** The store's database as {@code --database} names it: a JDBC URL, or an SQLite file's path. */
    abstract String database();

    /** A JDBC URL of the same database, to look at it (or prepare it) without the server's code. */
    abstract String jdbcUrl();

    private static final String LESSON = "foundations/vectors-and-similarity";

    @Test
    void keepsTheLearnersCodeRunsAndResults() {
        ProgressStore store = store();
        store.visited("alice", LESSON);
        store.saveCode("alice", LESSON, "c1", "double[] a = {1, 2};");
        store.saveCode("alice", LESSON, "c1", "double[] a = {3, 1};");
        store.ran("alice", LESSON, "c1", "ok");
        store.ran("alice", LESSON, "c1", "error");
        store.checked("alice", LESSON, "cosine", false, 2, 4);

        LessonProgress progress = store.lesson("alice", LESSON);
        assertEquals(Map.of("c1", "double[] a = {3, 1};"), progress.code(), "the latest code wins");
        assertEquals(2, progress.runs().get("c1"));
        assertEquals(new LessonProgress.ExerciseResult(false, 2, 4, 1), progress.exercises().get("cosine"));
    }

    @Test
    void aPassedExerciseStaysPassed() {
        ProgressStore store = store();
        store.checked("bob", LESSON, "cosine", true, 4, 4);
        store.checked("bob", LESSON, "cosine", false, 1, 4);
        LessonProgress.ExerciseResult result = store.lesson("bob", LESSON).exercises().get("cosine");
        assertTrue(result.passed());
        assertEquals(1, result.checksPassed(), "the latest attempt's count is kept");
        assertEquals(2, result.attempts());
        assertEquals(new LessonSummary(true, 1), store.summary("bob").get(LESSON));
    }

    @Test
    void keepsTheFirstAndTheLatestAnswerToAConceptCheck() {
        ProgressStore store = store();
        store.answered("fay", LESSON, "right-angle", "0", false);
        store.answered("fay", LESSON, "right-angle", "1", true);
        store.answered("gus", LESSON, "right-angle", "1", true);
        assertEquals(new LessonProgress.CheckAnswer("1", true, false, 2), store.lesson("fay", LESSON).checks().get("right-angle"),
                "the latest answer, and that the first was wrong");
        assertEquals(new LessonProgress.CheckAnswer("1", true, true, 1), store.lesson("gus", LESSON).checks().get("right-angle"));
        assertTrue(store.lesson("fay", "other/lesson").checks().isEmpty());
        assertTrue(store.known("fay"), "an answer is progress: the learner exists");
    }

    @Test
    void resetForgetsACellAndLearnersAreSeparate() {
        ProgressStore store = store();
        store.saveCode("carol", LESSON, "c1", "mine");
        store.saveCode("dave", LESSON, "c1", "his");
        store.resetCode("carol", LESSON, "c1");
        assertTrue(store.lesson("carol", LESSON).code().isEmpty());
        assertEquals("his", store.lesson("dave", LESSON).code().get("c1"));
        assertFalse(store.summary("carol").containsKey("other/lesson"));
    }

    @Test
    void survivesAReopen() {
        ProgressStore store = store();
        store.visited("erin", LESSON);
        store.saveCode("erin", LESSON, "ex-cosine", "double cosine(double[] x, double[] y) { return 1; }");
        store.close();
        ProgressStore again = reopen();
        assertEquals("double cosine(double[] x, double[] y) { return 1; }",
                again.lesson("erin", LESSON).code().get("ex-cosine"));
        assertTrue(again.summary("erin").get(LESSON).visited());
    }

    /**
     * A database that the server made before migrations took a lock: the old code created
     * {@code schema_version} and applied versions 1 and 2 with these statements. Opening it now
     * adds version 3 in place and keeps what was saved.
     */
    @Test
    void aDatabaseOfAnEarlierVersionIsUpgradedInPlace() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            for (Migrations.Migration migration : Migrations.ALL.subList(0, 2)) {
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
            }
            statement.execute("INSERT INTO schema_version (version) VALUES (2)");
            statement.execute("INSERT INTO cell_code (learner_id, lesson, cell, code, updated_at) "
                    + "VALUES ('hal', '" + LESSON + "', 'c1', 'int kept = 1;', 1)");
        }
        ProgressStore store = reopen();
        assertEquals(Map.of("c1", "int kept = 1;"), store.lesson("hal", LESSON).code(), "saved before the upgrade");
        store.answered("hal", LESSON, "right-angle", "1", true);
        assertTrue(store.lesson("hal", LESSON).checks().containsKey("right-angle"), "version 3's table is there");
        assertEquals(List.of(Migrations.ALL.getLast().version()), schemaVersions());
    }

    /** Servers starting together on one database: one migrates, the others wait and find it done. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void serversStartingTogetherMigrateOnce() throws Exception {
        int servers = 4;
        var ready = new CountDownLatch(servers);
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        var opened = new ArrayList<Database>();
        try {
            var starts = new ArrayList<Future<Database>>();
            for (int i = 0; i < servers; i++) {
                starts.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return Database.open(database());
                }));
            }
            for (Future<Database> start : starts) {
                opened.add(start.get(1, TimeUnit.MINUTES));
            }
        } finally {
            opened.forEach(Database::close);
            pool.shutdownNow();
        }
        assertEquals(List.of(Migrations.ALL.getLast().version()), schemaVersions(), "one schema, at the latest version");
    }

    private List<Integer> schemaVersions() throws SQLException {
        var versions = new ArrayList<Integer>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM schema_version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }
}
