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

/**
 * The server's SQL database: an embedded SQLite file by default, or a shared PostgreSQL database
 * when several server instances serve one workshop behind a load balancer. Opening it brings the
 * schema up to date ({@link Migrations}), under a lock the database holds, so that servers starting
 * together on one PostgreSQL do not race.
 *
 * <p>SQLite runs in WAL mode: writers do not block readers, and each committed transaction is in
 * the write-ahead log before the call returns, so killing the server (even {@code kill -9}) loses
 * nothing that was saved. Only a power cut could lose the last commits ({@code synchronous=NORMAL}).
 */
public final class Database implements AutoCloseable {

    /** Connections for SQLite: one writer at a time anyway, a few readers. */
    public static final int SQLITE_POOL_SIZE = 4;
    /** Connections for PostgreSQL per server instance. */
    public static final int POSTGRES_POOL_SIZE = 8;

    private final HikariDataSource dataSource;
    private final boolean shared;

    private Database(HikariDataSource dataSource, boolean shared, Migrations.Lock migrationLock) {
        this.dataSource = dataSource;
        this.shared = shared;
        try (Connection connection = dataSource.getConnection()) {
            Migrations.apply(connection, migrationLock);
        } catch (SQLException e) {
            dataSource.close();
            throw new IllegalStateException("cannot prepare the database: " + e.getMessage(), e);
        }
    }

    /**
     * An SQLite file, created with its folder if missing. It holds every learner's code and the
     * learner ids that act as their credentials, so it is readable only by the server's user (0600;
     * SQLite gives its -wal and -shm files the same permissions).
     */
    public static Database sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ownerOnly(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for " + file, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.setMaximumPoolSize(SQLITE_POOL_SIZE);
        config.setPoolName("course-sqlite");
        return new Database(new HikariDataSource(config), false, new Migrations.ImmediateTransaction());
    }

    private static void ownerOnly(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        var permissions = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(permissions));
        } catch (java.nio.file.FileAlreadyExistsException existing) {
            // An existing database, or another server starting on the same file at this moment.
        }
        for (String suffix : new String[]{"", "-wal", "-shm"}) {
            Path part = file.resolveSibling(file.getFileName() + suffix);
            try {
                if (Files.isWritable(part)) {
                    Files.setPosixFilePermissions(part, permissions);
                }
            } catch (java.nio.file.NoSuchFileException goneMeanwhile) {
                // SQLite removes its -wal and -shm files when the last connection closes.
            }
        }
    }

    /** A PostgreSQL database, e.g. {@code jdbc:postgresql://db:5432/course?user=course&password=…}. */
    public static Database postgres(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl
                    + " (expected jdbc:postgresql://HOST:PORT/DATABASE?user=…&password=…)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        config.setPoolName("course-postgres");
        return new Database(new HikariDataSource(config), true, Migrations.AdvisoryLock.COURSE);
    }

    /** A database for a {@code --database} value: a JDBC URL for PostgreSQL, or a path to an SQLite file. */
    public static Database open(String database) {
        return database.startsWith("jdbc:") ? postgres(database) : sqlite(Path.of(database));
    }

    /** True for a database several server instances share (PostgreSQL). */
    public boolean shared() {
        return shared;
    }

    /** Reads rows; called with the open result set. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    /** Runs one statement in its own transaction, committed when this returns. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing to the database failed: " + e.getMessage(), e);
        }
    }

    /** Statements that must all commit, or none. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Runs statements in one transaction: committed together when this returns, rolled back on any failure. */
    public void transaction(Work work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing to the database failed: " + e.getMessage(), e);
        }
    }

    /** Runs one statement on a connection of {@link #transaction}. */
    public static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    public void query(String sql, RowReader reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            reader.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the database failed: " + e.getMessage(), e);
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
