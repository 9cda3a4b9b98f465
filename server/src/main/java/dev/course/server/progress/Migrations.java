package dev.course.server.progress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The progress schema as an ordered list of migrations. A database records the version it has
 * reached; starting the server applies the rest. Never edit a migration that has shipped: add the
 * next one.
 *
 * <p>Several servers may start at once on one database (PostgreSQL behind a load balancer), so
 * reading the version and applying what is missing happen under a lock that the database itself
 * holds ({@link Lock}): the first server migrates, the others wait, then find nothing left to do.
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

    /**
     * How a database keeps two migrations from running at once. A lock is held for the whole
     * migration: the version read, every missing step, the new version written.
     */
    sealed interface Lock {

        /** Runs {@code migration} while holding the lock on {@code connection}. */
        int around(Connection connection, Step migration) throws SQLException;

        /** True if each step commits on its own; false if the lock is itself one transaction. */
        boolean commitsEachStep();
    }

    /** The body a lock runs: returns the version the database is at afterwards. */
    @FunctionalInterface
    interface Step {
        int run() throws SQLException;
    }

    /**
     * PostgreSQL: a session-level advisory lock on a number of our own. A second server blocks in
     * {@code pg_advisory_lock} until the first unlocks (or its connection closes, which releases
     * it too, so a server killed mid-migration leaves no lock behind). Each step still commits in
     * its own transaction.
     */
    record AdvisoryLock(long key) implements Lock {

        /** The lock's number: "course" in ASCII, so that it is unlikely to meet another application's. */
        static final AdvisoryLock COURSE = new AdvisoryLock(0x636f75727365L);

        @Override
        public int around(Connection connection, Step migration) throws SQLException {
            call(connection, "SELECT pg_advisory_lock(?)");
            try {
                return migration.run();
            } finally {
                call(connection, "SELECT pg_advisory_unlock(?)");
            }
        }

        @Override
        public boolean commitsEachStep() {
            return true;
        }

        private void call(Connection connection, String sql) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, key);
                statement.executeQuery().close();
            }
        }
    }

    /**
     * SQLite: one {@code BEGIN IMMEDIATE} transaction around the whole migration. It takes the
     * database's write lock before the version is read (a plain {@code BEGIN} would take it only
     * at the first write, after another process may have read the same old version); a second
     * process waits for it (the busy timeout), then reads the new version. SQLite's DDL is
     * transactional, so a failed step leaves the database as it was.
     */
    record ImmediateTransaction() implements Lock {

        @Override
        public int around(Connection connection, Step migration) throws SQLException {
            if (!connection.getAutoCommit()) {
                throw new IllegalStateException("an SQLite migration starts its own transaction");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                try {
                    int version = migration.run();
                    statement.execute("COMMIT");
                    return version;
                } catch (SQLException | RuntimeException e) {
                    statement.execute("ROLLBACK");
                    throw e;
                }
            }
        }

        @Override
        public boolean commitsEachStep() {
            return false;
        }
    }

    /** Brings the database up to the latest version under {@code lock}; returns the version it is at. */
    static int apply(Connection connection, Lock lock) throws SQLException {
        return lock.around(connection, () -> applyMissing(connection, lock.commitsEachStep()));
    }

    /**
     * Applies the steps the database lacks. With {@code commitEachStep} every step is its own
     * transaction (PostgreSQL, under the advisory lock); without, they run in the caller's.
     */
    private static int applyMissing(Connection connection, boolean commitEachStep) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int current = currentVersion(connection);
        boolean autoCommit = connection.getAutoCommit();
        if (commitEachStep) {
            connection.setAutoCommit(false);
        }
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
                if (commitEachStep) {
                    connection.commit();
                }
                current = migration.version();
            }
        } catch (SQLException e) {
            if (commitEachStep) {
                connection.rollback();
            }
            throw new SQLException("migrating the progress database to version " + (current + 1) + " failed: " + e.getMessage(), e);
        } finally {
            if (commitEachStep) {
                connection.setAutoCommit(autoCommit);
            }
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
