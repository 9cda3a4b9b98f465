package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.server.remote.JupyterServerClient;
import dev.course.server.remote.JupyterServerProcess;
import dev.course.server.remote.KernelModel;
import dev.course.server.web.PageClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./course serve --gateway URL} against a real Jupyter Server with our kernelspec: a real
 * server process, a page's kernel WebSocket, and the gateway's own REST API to see which kernels
 * exist. A cell's output streams back; a cell reads the learner's line from {@code System.in}; an endless loop is interrupted through REST and the kernel
 * keeps its state; {@code System.exit} comes back as a restart with the state gone; a cell that
 * ignores interrupts is stopped by the wall clock; the restart button gives a fresh kernel; no
 * kernel leaks on the way; stopping the server deletes every kernel it created. Unusable gateways are refused at startup with advice, not a stack trace.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ServeOnGatewayIT {

    private static final String LESSON = "foundations/vectors-and-similarity";
    private static final Duration CELL = Duration.ofSeconds(120);

    @Test
    void learnersKernelsRunOnTheGateway(@TempDir Path dir) throws Exception {
        try (JupyterServerProcess jupyter = JupyterServerProcess.start(dir)) {
            String url = jupyter.base().toString();
            JupyterServerClient gateway = jupyter.client();

            String wrongToken = serveFails(dir, Map.of(), "--gateway", url, "--gateway-token", "wrong");
            assertTrue(wrongToken.contains("refused the token") && wrongToken.contains("COURSE_GATEWAY_TOKEN"), wrongToken);
            String noSpec = serveFails(dir, Map.of("COURSE_GATEWAY_TOKEN", jupyter.token()),
                    "--gateway", url, "--gateway-kernel", "no-such-kernel");
            assertTrue(noSpec.contains("no kernelspec 'no-such-kernel'") && noSpec.contains("./course kernel install"), noSpec);
            String unreachable = serveFails(dir, Map.of(), "--gateway", "http://127.0.0.1:" + JupyterServerProcess.freePort() + "/");
            assertTrue(unreachable.contains("cannot reach the gateway"), unreachable);
            assertTrue(gateway.kernels().isEmpty(), "a refused start leaves no kernel behind");

            int port = JupyterServerProcess.freePort();
            Path log = dir.resolve("serve.log");
            Process server = serve(dir, port, log, Map.of("COURSE_GATEWAY_TOKEN", jupyter.token()),
                    "--gateway", url, "--warm-kernels", "1", "--cell-timeout", "10");
            try {
                assertTrue(Files.readString(log).contains("remote: kernels run on the Jupyter gateway"),
                        "the startup log says where kernels run: " + Files.readString(log));
                awaitKernelCount(gateway, count -> count >= 1, "a warm kernel is created ahead on the gateway");

                try (PageClient page = new PageClient("http://127.0.0.1:" + port, PageClient.newLearner("http://127.0.0.1:" + port)).open(LESSON)) {
                    JsonNode status = page.await(m -> m.path("msg_type").asText().equals("kernel_status"), Duration.ofSeconds(30));
                    assertEquals("remote", status.at("/content/placement").asText(), "the badge says remote: " + status);

                    List<JsonNode> first = page.execute("c1", "System.out.println(\"hello from the gateway\");\ndouble x = 42;\nx", CELL);
                    assertTrue(first.stream().anyMatch(m -> m.path("msg_type").asText().equals("stream")
                            && m.at("/content/text").asText().contains("hello from the gateway")), "the cell's output streamed: " + first);
                    assertEquals("42.0", result(first), "the cell's value: " + first);
                    assertEquals("ok", reply(first).at("/content/status").asText(), "the cell's reply: " + first);
                    assertTrue(gateway.kernels().stream().allMatch(kernel -> kernel.name().equals("course-java")));
                    page.send(PageClient.command("complete").put("cell", "c1").put("code", "Math.ma").put("cursor_pos", 7)
                            .put("request", "r1"));
                    JsonNode completion = page.await(m -> m.path("msg_type").asText().equals("complete_reply"), Duration.ofSeconds(30));
                    assertTrue(completion.at("/content/matches").toString().contains("max"), "editor completion: " + completion);

                    page.send(PageClient.command("execute").put("cell", "c1")
                            .put("code", "String name = new java.util.Scanner(System.in).nextLine();\n\"hi \" + name"));
                    page.await(m -> m.path("msg_type").asText().equals("input_request"), Duration.ofSeconds(60));
                    page.send(PageClient.command("input").put("cell", "c1").put("value", "Ada"));
                    JsonNode greeting = page.await(m -> m.path("cell").asText().equals("c1")
                            && m.path("msg_type").asText().equals("execute_result"), Duration.ofSeconds(60));
                    assertTrue(greeting.at("/content/data/text~1plain").asText().contains("hi Ada"), "stdin over the gateway: " + greeting);
                    page.await(m -> m.path("cell").asText().equals("c1") && m.path("msg_type").asText().equals("execute_reply"),
                            Duration.ofSeconds(60));

                    List<JsonNode> loop = interruptUntilDone(page, "while (true) {}");
                    assertNotEquals("ok", reply(loop).at("/content/status").asText(), "the endless loop was stopped: " + loop);
                    assertFalse(restarted(loop), "an interrupt is not a restart: " + loop);
                    assertEquals("42.0", result(page.execute("c1", "x", CELL)), "the kernel kept its state after the interrupt");

                    List<JsonNode> exit = page.execute("c1", "System.exit(0);", CELL);
                    assertTrue(restarted(exit), "System.exit comes back as a restart: " + exit);
                    assertEquals("error", reply(exit).at("/content/status").asText());
                    assertEquals("2", result(page.execute("c1", "1 + 1", CELL)), "the replacement kernel answers");
                    assertEquals("error", reply(page.execute("c1", "x", CELL)).at("/content/status").asText(),
                            "earlier state is gone after the restart");

                    List<JsonNode> stubborn = page.execute("c1",
                            "java.util.stream.LongStream.range(0, Long.MAX_VALUE).map(Long::reverse).sum()", CELL);
                    assertTrue(restarted(stubborn), "the wall clock restarts a cell that ignores interrupts: " + stubborn);
                    assertTrue(stubborn.stream().anyMatch(m -> m.at("/content/reason").asText().contains("did not stop when interrupted")),
                            "and says why: " + stubborn);
                    assertEquals("3", result(page.execute("c1", "1 + 2", CELL)), "the restarted kernel answers");

                    page.execute("c1", "int y = 7;", CELL);
                    page.send(PageClient.command("restart"));
                    page.await(m -> m.path("msg_type").asText().equals("kernel_status")
                            && m.at("/content/state").asText().equals("restarting"), Duration.ofSeconds(60));
                    page.await(m -> m.path("msg_type").asText().equals("kernel_status")
                            && m.at("/content/state").asText().equals("idle"), CELL);
                    assertEquals("error", reply(page.execute("c1", "y", CELL)).at("/content/status").asText(),
                            "the learner's restart button gave a fresh kernel");
                }
                awaitKernelCount(gateway, count -> count == 2,
                        "restarts reuse the learner's kernel: one learner's and one warm kernel, none leaked");
            } finally {
                server.destroy(); // SIGTERM: the shutdown hook closes the pool
                assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server stopped");
            }
            List<KernelModel> left = gateway.kernels();
            assertTrue(left.isEmpty(), "the server deleted every kernel it created on the gateway: " + left);

            Path workshopLog = dir.resolve("workshop.log");
            Process workshop = serve(dir, JupyterServerProcess.freePort(), workshopLog, Map.of("COURSE_GATEWAY_TOKEN", jupyter.token()),
                    "--gateway", url, "--workshop", "--gateway-isolated", "--warm-kernels", "0");
            workshop.destroy();
            assertTrue(workshop.waitFor(60, TimeUnit.SECONDS));
            assertTrue(Files.readString(workshopLog).contains("this server needs no local sandbox"),
                    "workshop mode on a gateway says why it needs no sandbox: " + Files.readString(workshopLog));
        }
    }

    /** Runs an endless loop and presses interrupt until the cell ends (an early interrupt may find no cell yet). */
    private static List<JsonNode> interruptUntilDone(PageClient page, String code) throws InterruptedException {
        List<JsonNode> messages = new ArrayList<>();
        page.send(PageClient.command("execute").put("cell", "c1").put("code", code));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            page.send(PageClient.command("interrupt"));
            try {
                page.await(message -> {
                    if (message.path("cell").asText().equals("c1")) {
                        messages.add(message);
                    }
                    return message.path("cell").asText().equals("c1") && message.path("msg_type").asText().equals("execute_reply");
                }, Duration.ofSeconds(2));
                return messages;
            } catch (AssertionError stillRunning) {
                // press again
            }
        }
        throw new AssertionError("the loop did not stop within 60 s of interrupts: " + messages);
    }

    private static boolean restarted(List<JsonNode> messages) {
        return messages.stream().anyMatch(m -> m.path("msg_type").asText().equals("kernel_restarted"));
    }

    private static JsonNode reply(List<JsonNode> messages) {
        return messages.getLast();
    }

    private static String result(List<JsonNode> messages) {
        return messages.stream().filter(m -> m.path("msg_type").asText().equals("execute_result"))
                .map(m -> m.at("/content/data/text~1plain").asText()).findFirst().orElse(null);
    }

    private static void awaitKernelCount(JupyterServerClient gateway, Predicate<Integer> wanted, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<KernelModel> kernels = gateway.kernels();
        while (!wanted.test(kernels.size()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            kernels = gateway.kernels();
        }
        assertTrue(wanted.test(kernels.size()), what + ": " + kernels);
    }

    /** {@code course serve} that must refuse to start: its exit code is 2 and its message has no stack trace. */
    private static String serveFails(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("serve", "--port", Integer.toString(JupyterServerProcess.freePort()),
                "--database", dir.resolve("refused.db").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(JupyterServerProcess.courseCli(command.toArray(String[]::new)))
                .redirectErrorStream(true);
        builder.environment().remove("COURSE_GATEWAY_TOKEN");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "serve gave up in time");
        assertEquals(2, process.exitValue(), output);
        assertFalse(output.contains("\tat "), "a message, not a stack trace: " + output);
        return output;
    }

    private static Process serve(Path dir, int port, Path log, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("serve", "--port", Integer.toString(port),
                "--database", dir.resolve("progress.db").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(JupyterServerProcess.courseCli(command.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 || health.statusCode() == 302) { // 302: a workshop serves HTTPS, plain HTTP is redirected
                    return process;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start: " + Files.readString(log));
    }
}
