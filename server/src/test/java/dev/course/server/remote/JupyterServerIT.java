package dev.course.server.remote;

import dev.course.kernel.protocol.Messages;
import dev.course.kernel.protocol.MimeTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class JupyterServerIT {


    @Test
    void theFirstLessonRunsThroughTheJupyterServerApi(@TempDir Path dir) throws Exception {
        JupyterServerProcess.requireJupyterServer();
        Path notebooks = dir.resolve("notebooks");
        JupyterServerProcess.run(JupyterServerProcess.courseCli("export", "--out", notebooks.toString()), 60);
        Path notebook = notebooks.resolve("foundations/01-vectors-and-similarity.ipynb");
        assertTrue(Files.isRegularFile(notebook));

        try (JupyterServerProcess jupyter = JupyterServerProcess.start(dir)) {
            URI base = jupyter.base();
            String token = jupyter.token();
            JupyterServerClient client = new JupyterServerClient(base, token);
            JupyterServerException refused = assertThrows(JupyterServerException.class,
                    () -> new JupyterServerClient(base, "wrong-" + token).start("course-java"));
            assertEquals(403, refused.status(), "a wrong token starts nothing");

            KernelModel started = client.start("course-java");
            assertEquals("course-java", started.name());
            assertTrue(client.kernel(started.id()).isPresent(), "GET /api/kernels/{id}");

            try (RemoteKernel kernel = RemoteKernel.connect(client, started.id())) {
                kernel.awaitReady(Duration.ofSeconds(90));
                List<NotebookRunner.CellRun> runs = new NotebookRunner(kernel, Duration.ofMinutes(3)).run(notebook);

                assertEquals(codeCells(notebook), runs.size(), "every code cell ran");
                assertTrue(runs.stream().allMatch(cellRun -> cellRun.result().ok()),
                        () -> "every cell ok: " + runs.getLast().result());
                assertEquals("8.0", runs.getFirst().result().resultText().orElse(null), "dot(a, b)");
                NotebookRunner.CellRun check = runs.stream().filter(cellRun -> cellRun.tags().contains("check"))
                        .findFirst().orElseThrow();
                assertTrue(check.result().outputs().stream()
                        .anyMatch(output -> output.msgType().equals("display_data") && output.hasMime(MimeTypes.CHECK)),
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

            try (RemoteKernel byQuery = RemoteKernel.connectWithQueryToken(client, started.id())) {
                byQuery.awaitReady(Duration.ofSeconds(60));
                assertEquals("5", byQuery.execute("2 + 3", Duration.ofSeconds(60)).resultText().orElse(null),
                        "?token= authenticates the channels socket too");
            }
            IOException noToken = assertThrows(IOException.class,
                    () -> RemoteKernel.connect(new JupyterServerClient(base, ""), started.id()).close());
            assertTrue(noToken.getCause().getCause() instanceof WebSocketHandshakeException handshake
                    && handshake.getResponse().statusCode() == 403, "the channels socket refuses a client without a token: " + noToken);

            client.delete(started.id());
            assertFalse(client.kernel(started.id()).isPresent(), "DELETE /api/kernels/{id}");
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

    private static long codeCells(Path notebook) throws IOException {
        List<String> types = new ArrayList<>();
        Messages.JSON.readTree(notebook.toFile()).path("cells")
                .forEach(cell -> types.add(cell.path("cell_type").asText()));
        return types.stream().filter("code"::equals).count();
    }
}
