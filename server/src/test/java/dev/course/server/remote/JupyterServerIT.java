package dev.course.server.remote;

import dev.course.server.cli.CourseCli;
import dev.course.server.kernel.Messages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Jupyter Server (Debian's python3-jupyter-server) on loopback with our kernelspec: a
 * course-java kernel started through REST runs the exported first lesson over the channels
 * WebSocket, is interrupted in an endless loop, and is deleted. The same API is what Jupyter Kernel
 * Gateway and Enterprise Gateway serve, so this is the transport a gateway cluster would use.
 */
class JupyterServerIT {

    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
    private static final String CHECK_MIME = "application/vnd.course.check+json";

    @Test
    void theFirstLessonRunsThroughTheJupyterServerApi(@TempDir Path dir) throws Exception {
        requireJupyterServer();

        Path prefix = dir.resolve("jupyter-prefix");
        run(courseCli("kernel", "install", "--prefix", prefix.toString()), 60);
        Path notebooks = dir.resolve("notebooks");
        run(courseCli("export", "--out", notebooks.toString()), 60);
        Path notebook = notebooks.resolve("foundations/01-vectors-and-similarity.ipynb");
        assertTrue(Files.isRegularFile(notebook));

        String token = UUID.randomUUID().toString();
        int port = freePort();
        Path log = dir.resolve("jupyter-server.log");
        ProcessBuilder builder = new ProcessBuilder(SYSTEM_PYTHON.toString(), "-m", "jupyter_server", "--no-browser",
                "--allow-root", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=" + port, "--ServerApp.port_retries=0",
                "--ServerApp.token=" + token, "--ServerApp.root_dir=" + dir)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "JUPYTER_DATA_DIR", dir.resolve("data").toString(), "JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString(),
                "JUPYTER_CONFIG_DIR", dir.resolve("config").toString(), "PYDEVD_DISABLE_FILE_VALIDATION", "1"));
        Process server = builder.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            awaitServer(server, base, token, log);
            JupyterServerClient client = new JupyterServerClient(base, token);
            JupyterServerException refused = assertThrows(JupyterServerException.class,
                    () -> new JupyterServerClient(base, "wrong-" + token).start("course-java"));
            assertEquals(403, refused.status(), "a wrong token starts nothing");

            KernelModel started = client.start("course-java");
            assertEquals("course-java", started.name());
            assertTrue(client.kernel(started.id()).isPresent(), "GET /api/kernels/{id}");

            try (RemoteKernel kernel = client.connect(started.id())) {
                kernel.awaitReady(Duration.ofSeconds(90));
                List<NotebookRunner.CellRun> runs = new NotebookRunner(kernel, Duration.ofMinutes(3)).run(notebook);

                assertEquals(codeCells(notebook), runs.size(), "every code cell ran");
                assertTrue(runs.stream().allMatch(cellRun -> cellRun.result().ok()),
                        () -> "every cell ok: " + runs.getLast().result());
                assertEquals("8.0", runs.getFirst().result().resultText().orElse(null), "dot(a, b)");
                NotebookRunner.CellRun check = runs.stream().filter(cellRun -> cellRun.tags().contains("check"))
                        .findFirst().orElseThrow();
                assertTrue(check.result().outputs().stream()
                        .anyMatch(output -> output.msgType().equals("display_data") && output.hasMime(CHECK_MIME)),
                        () -> "the exercise check ran on the remote kernel: " + check.result());

                CompletableFuture<CellResult> loop = kernel.executeAsync("while (true) {}");
                CellResult interrupted = interruptUntilDone(client, started.id(), loop);
                assertNotEquals("ok", interrupted.status(), "the endless loop was stopped: " + interrupted);
                assertEquals("2", kernel.execute("1 + 1", Duration.ofSeconds(60)).resultText().orElse(null),
                        "the kernel still answers after the interrupt");

                CompletableFuture<CellResult> exit = kernel.executeAsync("System.exit(3)");
                ExecutionException died = assertThrows(ExecutionException.class, () -> exit.get(60, TimeUnit.SECONDS),
                        "a kernel that exits ends the cell instead of leaving it waiting");
                assertTrue(died.getCause() instanceof KernelLostException lost && lost.restarting(), died.getCause().toString());
                kernel.awaitReady(Duration.ofSeconds(90));
                assertEquals("3", kernel.execute("1 + 2", Duration.ofSeconds(60)).resultText().orElse(null),
                        "Jupyter Server restarted the kernel and the same socket reaches it");
            }

            try (RemoteKernel byQuery = client.connectWithQueryToken(started.id())) {
                byQuery.awaitReady(Duration.ofSeconds(60));
                assertEquals("5", byQuery.execute("2 + 3", Duration.ofSeconds(60)).resultText().orElse(null),
                        "?token= authenticates the channels socket too");
            }
            IOException noToken = assertThrows(IOException.class,
                    () -> new JupyterServerClient(base, "").connect(started.id()).close());
            assertTrue(noToken.getCause().getCause() instanceof WebSocketHandshakeException handshake
                    && handshake.getResponse().statusCode() == 403, "the channels socket refuses a client without a token: " + noToken);

            client.delete(started.id());
            assertFalse(client.kernel(started.id()).isPresent(), "DELETE /api/kernels/{id}");
        } finally {
            stop(server);
        }
    }

    /**
     * Interrupts until the cell ends: an interrupt that reaches the kernel before it has started the
     * cell has nothing to stop, so one request alone would make the test depend on timing.
     */
    private static CellResult interruptUntilDone(JupyterServerClient client, String id, CompletableFuture<CellResult> cell)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            client.interrupt(id);
            try {
                return cell.get(3, TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                // try again
            }
        }
        throw new AssertionError("the loop did not stop within 60 s of interrupts");
    }

    private static void requireJupyterServer() throws Exception {
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

    private static void awaitServer(Process server, URI base, String token, Path log) throws Exception {
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

    /** Stops the server and anything it started (only processes this test started, by their handles). */
    private static void stop(Process server) throws InterruptedException {
        List<ProcessHandle> children = server.descendants().toList();
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static long codeCells(Path notebook) throws IOException {
        List<String> types = new ArrayList<>();
        Messages.JSON.readTree(notebook.toFile()).path("cells")
                .forEach(cell -> types.add(cell.path("cell_type").asText()));
        return types.stream().filter("code"::equals).count();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, process.exitValue(), output);
    }

    private static List<String> courseCli(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CourseCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
