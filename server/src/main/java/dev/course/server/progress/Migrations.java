package dev.course.server.progress;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The progress schema as an ordered list of migrations. A database records the version it has
 * reached; starting the server applies the rest, each in its own transaction. Never edit a
 * migration that has shipped: add the next one.
 *
 * <p>The SQL is the subset SQLite and PostgreSQL share (INTEGER for booleans, BIGINT epoch
 * milliseconds, {@code ON CONFLICT … DO UPDATE} upserts).
 */
final class Migrations {

    /** One step of the schema. */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "learners, visits, code, runs, exercises", List.of(
                    """
                    CREATE TABLE learner (
                        id VARCHAR(64) PRIMARY KEY,
                        display_name VARCHAR(100),
                        created_at BIGINT NOT NULL)""",
                    """
                    CREATE TABLE lesson_visit (
                        learner_id VARCHAR(64) NOT NULL,
                        lesson VARCHAR(200) NOT NULL,
                        first_visit BIGINT NOT NULL,
                        last_visit BIGINT NOT NULL,
                        PRIMARY KEY (learner_id, lesson))""",
                    """
                    CREATE TABLE cell_code (
                        learner_id VARCHAR(64) NOT NULL,
                        lesson VARCHAR(200) NOT NULL,
                        cell VARCHAR(100) NOT NULL,
                        code TEXT NOT NULL,
                        updated_at BIGINT NOT NULL,
                        PRIMARY KEY (learner_id, lesson, cell))""",
                    """
                    CREATE TABLE cell_run (
                        learner_id VARCHAR(64) NOT NULL,
                        lesson VARCHAR(200) NOT NULL,
                        cell VARCHAR(100) NOT NULL,
                        runs INTEGER NOT NULL,
                        last_status VARCHAR(16) NOT NULL,
                        last_run BIGINT NOT NULL,
                        PRIMARY KEY (learner_id, lesson, cell))""",
                    """
                    CREATE TABLE exercise_result (
                        learner_id VARCHAR(64) NOT NULL,
                        lesson VARCHAR(200) NOT NULL,
                        exercise VARCHAR(100) NOT NULL,
                        passed INTEGER NOT NULL,
                        checks_passed INTEGER NOT NULL,
                        checks_total INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        updated_at BIGINT NOT NULL,
                        PRIMARY KEY (learner_id, lesson, exercise))""")),
            new Migration(2, "workshops and their members", List.of(
                    """
                    CREATE TABLE workshop (
                        code VARCHAR(16) PRIMARY KEY,
                        title VARCHAR(200) NOT NULL,
                        lessons TEXT NOT NULL,
                        unlocked INTEGER NOT NULL,
                        revealed TEXT NOT NULL,
                        message TEXT,
                        message_at BIGINT,
                        active INTEGER NOT NULL,
                        created_at BIGINT NOT NULL)""",
                    """
                    CREATE TABLE workshop_member (
                        code VARCHAR(16) NOT NULL,
                        learner_id VARCHAR(64) NOT NULL,
                        display_name VARCHAR(100) NOT NULL,
                        joined_at BIGINT NOT NULL,
                        PRIMARY KEY (code, learner_id))""")),
            new Migration(3, "concept check answers", List.of(
                    """
                    CREATE TABLE check_answer (
                        learner_id VARCHAR(64) NOT NULL,
                        lesson VARCHAR(200) NOT NULL,
                        check_id VARCHAR(100) NOT NULL,
                        first_answer VARCHAR(64) NOT NULL,
                        first_correct INTEGER NOT NULL,
                        answer VARCHAR(64) NOT NULL,
                        correct INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        updated_at BIGINT NOT NULL,
                        PRIMARY KEY (learner_id, lesson, check_id))""")));

    private Migrations() {
    }

    /** Brings the database up to the latest version; returns the version it is at. */
    static int apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int current = currentVersion(connection);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (Migration migration : ALL) {
                if (migration.version() <= current) {
                    continue;
                }
                try (Statement statement = connection.createStatement()) {
                    for (String sql : migration.statements()) {
                        statement.execute(sql);
                    }
                    statement.execute("DELETE FROM schema_version");
                    statement.execute("INSERT INTO schema_version (version) VALUES (" + migration.version() + ")");
                }
                connection.commit();
                current = migration.version();
            }
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("migrating the progress database to version " + (current + 1) + " failed: " + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return current;
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
