package dev.course.server.progress;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The same progress contract against a real PostgreSQL: the mode for several server instances. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PostgresProgressStoreIT extends ProgressStoreContract {

    private static PostgresServer postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private String url;
    private ProgressStore open;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        url = postgres.createDatabase("progress" + DATABASES.incrementAndGet());
    }

    @Override
    ProgressStore store() {
        open = JdbcProgressStore.postgres(url);
        return open;
    }

    @Override
    ProgressStore reopen() {
        open = JdbcProgressStore.postgres(url);
        return open;
    }

    @Override
    String database() {
        return url;
    }

    @Override
    String jdbcUrl() {
        return url;
    }

    @AfterEach
    void close() {
        if (open != null) {
            open.close();
        }
    }
}
