package dev.course.server.progress;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress in a SQL database through JDBC: an embedded SQLite file by default, or a shared
 * PostgreSQL database when several server instances serve one workshop behind a load balancer.
 *
 * <p>SQLite runs in WAL mode: writers do not block readers, and each committed transaction is in
 * the write-ahead log before the call returns, so killing the server (even {@code kill -9}) loses
 * nothing that was saved. Only a power cut could lose the last commits ({@code synchronous=NORMAL}).
 */
public final class JdbcProgressStore implements ProgressStore {

    /** Connections for SQLite: one writer at a time anyway, a few readers. */
    public static final int SQLITE_POOL_SIZE = 4;
    /** Connections for PostgreSQL per server instance. */
    public static final int POSTGRES_POOL_SIZE = 8;

    private final HikariDataSource dataSource;

    private JdbcProgressStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection()) {
            Migrations.apply(connection);
        } catch (SQLException e) {
            dataSource.close();
            throw new IllegalStateException("cannot prepare the progress database: " + e.getMessage(), e);
        }
    }

    /** An SQLite file, created with its folder if missing. */
    public static JdbcProgressStore sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for " + file, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.setMaximumPoolSize(SQLITE_POOL_SIZE);
        config.setPoolName("progress-sqlite");
        return new JdbcProgressStore(new HikariDataSource(config));
    }

    /**
     * A PostgreSQL database, e.g. {@code jdbc:postgresql://db:5432/course?user=course&password=…}.
     */
    public static JdbcProgressStore postgres(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl
                    + " (expected jdbc:postgresql://HOST:PORT/DATABASE?user=…&password=…)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        config.setPoolName("progress-postgres");
        return new JdbcProgressStore(new HikariDataSource(config));
    }

    /** A store for a {@code --database} value: a JDBC URL for PostgreSQL, or a path to an SQLite file. */
    public static JdbcProgressStore open(String database) {
        return database.startsWith("jdbc:") ? postgres(database) : sqlite(Path.of(database));
    }

    @Override
    public void visited(String learner, String lesson) {
        long now = System.currentTimeMillis();
        ensureLearner(learner, now);
        update("""
                INSERT INTO lesson_visit (learner_id, lesson, first_visit, last_visit) VALUES (?, ?, ?, ?)
                ON CONFLICT (learner_id, lesson) DO UPDATE SET last_visit = excluded.last_visit""",
                learner, lesson, now, now);
    }

    @Override
    public void saveCode(String learner, String lesson, String cell, String code) {
        long now = System.currentTimeMillis();
        ensureLearner(learner, now);
        update("""
                INSERT INTO cell_code (learner_id, lesson, cell, code, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (learner_id, lesson, cell) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at""",
                learner, lesson, cell, code, now);
    }

    @Override
    public void resetCode(String learner, String lesson, String cell) {
        update("DELETE FROM cell_code WHERE learner_id = ? AND lesson = ? AND cell = ?", learner, lesson, cell);
    }

    @Override
    public void ran(String learner, String lesson, String cell, String status) {
        long now = System.currentTimeMillis();
        ensureLearner(learner, now);
        update("""
                INSERT INTO cell_run (learner_id, lesson, cell, runs, last_status, last_run) VALUES (?, ?, ?, 1, ?, ?)
                ON CONFLICT (learner_id, lesson, cell) DO UPDATE
                SET runs = cell_run.runs + 1, last_status = excluded.last_status, last_run = excluded.last_run""",
                learner, lesson, cell, status, now);
    }

    @Override
    public void checked(String learner, String lesson, String exercise, boolean passed, int checksPassed, int checksTotal) {
        long now = System.currentTimeMillis();
        ensureLearner(learner, now);
        update("""
                INSERT INTO exercise_result (learner_id, lesson, exercise, passed, checks_passed, checks_total, attempts, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?)
                ON CONFLICT (learner_id, lesson, exercise) DO UPDATE
                SET passed = CASE WHEN exercise_result.passed = 1 THEN 1 ELSE excluded.passed END,
                    checks_passed = excluded.checks_passed, checks_total = excluded.checks_total,
                    attempts = exercise_result.attempts + 1, updated_at = excluded.updated_at""",
                learner, lesson, exercise, passed ? 1 : 0, checksPassed, checksTotal, now);
    }

    @Override
    public LessonProgress lesson(String learner, String lesson) {
        Map<String, String> code = new LinkedHashMap<>();
        Map<String, Integer> runs = new HashMap<>();
        Map<String, LessonProgress.ExerciseResult> exercises = new HashMap<>();
        query("SELECT cell, code FROM cell_code WHERE learner_id = ? AND lesson = ?", rows -> {
            while (rows.next()) {
                code.put(rows.getString(1), rows.getString(2));
            }
        }, learner, lesson);
        query("SELECT cell, runs FROM cell_run WHERE learner_id = ? AND lesson = ?", rows -> {
            while (rows.next()) {
                runs.put(rows.getString(1), rows.getInt(2));
            }
        }, learner, lesson);
        query("SELECT exercise, passed, checks_passed, checks_total, attempts FROM exercise_result WHERE learner_id = ? AND lesson = ?",
                rows -> {
                    while (rows.next()) {
                        exercises.put(rows.getString(1), new LessonProgress.ExerciseResult(rows.getInt(2) == 1,
                                rows.getInt(3), rows.getInt(4), rows.getInt(5)));
                    }
                }, learner, lesson);
        return new LessonProgress(code, runs, exercises);
    }

    @Override
    public Map<String, LessonSummary> summary(String learner) {
        Map<String, LessonSummary> summary = new HashMap<>();
        query("SELECT lesson FROM lesson_visit WHERE learner_id = ?", rows -> {
            while (rows.next()) {
                summary.put(rows.getString(1), new LessonSummary(true, 0));
            }
        }, learner);
        query("SELECT lesson, COUNT(*) FROM exercise_result WHERE learner_id = ? AND passed = 1 GROUP BY lesson", rows -> {
            while (rows.next()) {
                summary.put(rows.getString(1), new LessonSummary(true, rows.getInt(2)));
            }
        }, learner);
        return summary;
    }

    @Override
    public void rename(String learner, String displayName) {
        long now = System.currentTimeMillis();
        ensureLearner(learner, now);
        update("UPDATE learner SET display_name = ? WHERE id = ?", displayName, learner);
    }

    private void ensureLearner(String learner, long now) {
        update("INSERT INTO learner (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", learner, now);
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("saving progress failed: " + e.getMessage(), e);
        }
    }

    private void query(String sql, RowReader reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            reader.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException("reading progress failed: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
