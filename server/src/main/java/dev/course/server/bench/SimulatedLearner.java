package dev.course.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One learner as the server sees them: joins the workshop over HTTP with a name, opens the lesson
 * page, and runs cells through the kernel WebSocket exactly as the page's script does.
 */
final class SimulatedLearner implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String cookie;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private WebSocket socket;

    SimulatedLearner(String base, String learnerId) {
        this.base = base;
        this.cookie = "course_learner=" + learnerId;
    }

    void join(String code, String name) throws Exception {
        HttpResponse<String> joined = http.send(HttpRequest.newBuilder(URI.create(base + "/join/" + code))
                .header("Cookie", cookie).header("Origin", base).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (joined.statusCode() != 302) {
            throw new IllegalStateException("join answered " + joined.statusCode());
        }
    }

    /** Loads the lesson page (as the browser does) and opens its kernel socket. */
    void open(String lesson) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/learn/" + lesson)).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("lesson page answered " + page.statusCode());
        }
        if (socket != null) {
            socket.abort();
        }
        received.clear();
        socket = http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", base)
                .buildAsync(URI.create(base.replace("http", "ws") + "/ws/kernel?lesson=" + lesson), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                received.add(JSON.readTree(partial.toString()));
                            } catch (Exception ignored) {
                                // counted as an error by the waiting side
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
    }

    /** A finished cell: its status and how long from sending it to its execute_reply. */
    record Ran(String status, long millis, boolean restarted, String error) {
    }

    Ran execute(String cell, String code, Duration timeout) throws InterruptedException {
        ObjectNode command = JSON.createObjectNode().put("type", "execute").put("cell", cell).put("code", code);
        return await(command, cell, null, timeout);
    }

    Ran check(String exercise, String code, Duration timeout) throws InterruptedException {
        ObjectNode command = JSON.createObjectNode().put("type", "check").put("exercise", exercise).put("code", code);
        return await(command, "ex-" + exercise, "check", timeout);
    }

    void interrupt() {
        socket.sendText(JSON.createObjectNode().put("type", "interrupt").toString(), true);
    }

    private Ran await(ObjectNode command, String cell, String phase, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        socket.sendText(command.toString(), true).join();
        boolean restarted = false;
        String error = null;
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = received.poll(20, TimeUnit.MILLISECONDS);
            if (message == null || !cell.equals(message.path("cell").asText())) {
                continue;
            }
            String type = message.path("msg_type").asText();
            restarted |= type.equals("kernel_restarted");
            if (type.equals("error")) {
                error = message.at("/content/ename").asText() + ": " + message.at("/content/evalue").asText();
            }
            boolean blocked = type.equals("check_blocked");
            if ((type.equals("execute_reply") && (phase == null || phase.equals(message.path("phase").asText()))) || blocked) {
                return new Ran(blocked ? "blocked" : message.at("/content/status").asText(),
                        (System.nanoTime() - start) / 1_000_000, restarted, error);
            }
        }
        return new Ran("timeout", (System.nanoTime() - start) / 1_000_000, restarted, error);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
