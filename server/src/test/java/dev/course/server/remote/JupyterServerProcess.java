package dev.course.server.remote;

import dev.course.server.cli.CourseCli;
import dev.course.server.kernel.CiRequirements;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Jupyter Server (Debian's python3-jupyter-server, or the classic jupyter-notebook with its
 * web UI) on loopback, with a random token and our kernelspec installed into a temporary
 * JUPYTER_PATH by {@code ./course kernel install --prefix}: what the Jupyter tests run against. Closing it stops the server and whatever it started.
 */
public final class JupyterServerProcess implements AutoCloseable {

    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
    private static final Path CLASSIC_NOTEBOOK = Path.of("/usr/bin/jupyter-notebook");

    private final Process server;
    private final URI base;
    private final String token;
    private final Path log;

    private JupyterServerProcess(Process server, URI base, String token, Path log) {
        this.server = server;
        this.base = base;
        this.token = token;
        this.log = log;
    }

    /** Installs our kernelspec under {@code dir} and starts a server whose root and state live there too. */
    public static JupyterServerProcess start(Path dir) throws Exception {
        requireJupyterServer();
        return start(dir, "jupyter-server.log", (port, token) -> List.of(SYSTEM_PYTHON.toString(), "-m", "jupyter_server",
                "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=" + port,
                "--ServerApp.port_retries=0", "--ServerApp.token=" + token, "--ServerApp.root_dir=" + dir));
    }

    /**
     * As {@link #start(Path)}, but the classic notebook application (Debian's jupyter-notebook 6.4):
     * the server together with its web UI, {@code /notebooks/NAME.ipynb}, that people open in a browser.
     * Skipped where it is not installed, failed on CI.
     */
    public static JupyterServerProcess startClassicNotebook(Path dir) throws Exception {
        CiRequirements.require(Files.isExecutable(CLASSIC_NOTEBOOK),
                "notebook UI test skipped: apt-get install --no-install-recommends jupyter-notebook");
        return start(dir, "jupyter-notebook.log", (port, token) -> List.of(CLASSIC_NOTEBOOK.toString(), "--no-browser",
                "--allow-root", "--NotebookApp.ip=127.0.0.1", "--NotebookApp.port=" + port,
                "--NotebookApp.port_retries=0", "--NotebookApp.token=" + token, "--NotebookApp.notebook_dir=" + dir));
    }

    private static JupyterServerProcess start(Path dir, String logName, BiFunction<Integer, String, List<String>> commandLine)
            throws Exception {
        Path prefix = dir.resolve("jupyter-prefix");
        run(courseCli("kernel", "install", "--prefix", prefix.toString()), 60);
        String token = UUID.randomUUID().toString();
        int port = freePort();
        Path log = dir.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(commandLine.apply(port, token))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "JUPYTER_DATA_DIR", dir.resolve("data").toString(), "JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString(),
                "JUPYTER_CONFIG_DIR", dir.resolve("config").toString(), "PYDEVD_DISABLE_FILE_VALIDATION", "1"));
        JupyterServerProcess started = new JupyterServerProcess(builder.start(), URI.create("http://127.0.0.1:" + port + "/"), token, log);
        try {
            started.awaitServer();
        } catch (Exception | AssertionError e) {
            started.close();
            throw e;
        }
        return started;
    }

    public URI base() {
        return base;
    }

    public String token() {
        return token;
    }

    /** What the server has logged so far (for a failing test's message). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** A REST client with the server's token. */
    public JupyterServerClient client() {
        return new JupyterServerClient(base, token);
    }

    /** Skips the test where the server cannot be installed, and fails it in CI, which must have it. */
    public static void requireJupyterServer() throws Exception {
        if (!hasJupyterServer() && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            Process install = new ProcessBuilder("apt-get", "install", "-y", "-qq", "--no-install-recommends",
                    "python3-jupyter-server").redirectErrorStream(true).start();
            install.getInputStream().transferTo(OutputStream.nullOutputStream());
            install.waitFor(300, TimeUnit.SECONDS);
        }
        boolean installed = hasJupyterServer();
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs python3-jupyter-server (apt-get install python3-jupyter-server)");
        }
        Assumptions.assumeTrue(installed, "Jupyter Server test skipped: apt-get install python3-jupyter-server failed or is not allowed");
    }

    private static boolean hasJupyterServer() throws Exception {
        if (!Files.isExecutable(SYSTEM_PYTHON)) {
            return false;
        }
        Process probe = new ProcessBuilder(SYSTEM_PYTHON.toString(), "-c", "import jupyter_server")
                .redirectErrorStream(true).start();
        probe.getInputStream().transferTo(OutputStream.nullOutputStream());
        return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private void awaitServer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest status = HttpRequest.newBuilder(base.resolve("api/status"))
                .header("Authorization", "token " + token).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("jupyter server exited: " + Files.readString(log));
            }
            try {
                if (http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("jupyter server did not answer within 60 s: " + Files.readString(log));
    }

    /**
     * Stops the server and anything it started (only processes this test started, by their handles).
     * An interrupt while waiting kills at once and is passed on, so close never throws it.
     */
    @Override
    public void close() {
        List<ProcessHandle> children = server.descendants().toList();
        server.destroy();
        try {
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** A free port on loopback, e.g. for a server that must not be there. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs a command to its end and checks it succeeded. */
    public static void run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, process.exitValue(), output);
    }

    /** The {@code ./course} command line of this build, with its arguments. */
    public static List<String> courseCli(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), CourseCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
