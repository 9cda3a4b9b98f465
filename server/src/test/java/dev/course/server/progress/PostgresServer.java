package dev.course.server.progress;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from Debian's packages, in a temporary cluster on a free loopback port,
 * for the tests of the PostgreSQL progress mode. As root it runs the server as the {@code postgres}
 * user. Where PostgreSQL is not installed the tests are skipped, except on CI, where that fails.
 */
final class PostgresServer implements AutoCloseable {

    private final Path dataDir;
    private final Path binDir;
    private final int port;

    private PostgresServer(Path dataDir, Path binDir, int port) {
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.port = port;
    }

    static PostgresServer start() throws Exception {
        Path bin = findBin();
        if (bin == null && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs PostgreSQL (apt-get install postgresql)");
        }
        Assumptions.assumeTrue(bin != null, "PostgreSQL test skipped: apt-get install postgresql");
        Path dir = Files.createTempDirectory("course-pg");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        Path data = dir.resolve("data");
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "course",
                "--no-sync"), root);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", dir.resolve("log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), root);
        return new PostgresServer(data, bin, port);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=course";
    }

    /** Creates an empty database and returns its JDBC URL. */
    String createDatabase(String name) throws Exception {
        run(List.of(binDir.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "course", name),
                false);
        return jdbcUrl(name);
    }

    private static Path findBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder()).orElse(null);
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("failed: " + full + "\n" + output);
        }
    }

    /** Stops PostgreSQL; an interrupt while waiting for pg_ctl is passed on, so close never throws it. */
    @Override
    public void close() throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "stop"), root);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL", e);
        }
    }
}
