package dev.course.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What a lesson page does, without a browser: HTTP with the learner's cookie, and the kernel
 * WebSocket with our own origin. For tests of progress, isolation and load.
 */
public final class PageClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String learner;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private WebSocket socket;

    /**
     * @param base    e.g. http://127.0.0.1:7070
     * @param learner the learner id this client presents in its cookie
     */
    public PageClient(String base, String learner) {
        this.base = base;
        this.learner = learner;
    }

    /** A new learner id, as the server would issue. */
    public static String newLearner() {
        return LearnerCookie.newToken();
    }

    public HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", LearnerCookie.NAME + "=" + learner).timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form as a page of ours would (same origin), with the learner's cookie. */
    public HttpResponse<String> postForm(String path, java.util.Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8) + "="
                        + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", LearnerCookie.NAME + "=" + learner).header("Origin", base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Opens the kernel socket of a lesson ({@code track/slug}). */
    public PageClient open(String lesson) throws Exception {
        socket = http.newWebSocketBuilder()
                .header("Cookie", LearnerCookie.NAME + "=" + learner)
                .header("Origin", base)
                .buildAsync(URI.create(base.replace("http", "ws") + "/ws/kernel?lesson=" + lesson), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                received.add(JSON.readTree(partial.toString()));
                            } catch (Exception ignored) {
                                // not JSON: the test's waits will fail visibly
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        return this;
    }

    public void send(ObjectNode command) {
        socket.sendText(command.toString(), true).join();
    }

    public static ObjectNode command(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** Waits for the first message that matches, dropping the ones before it. */
    public JsonNode await(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = received.poll(50, TimeUnit.MILLISECONDS);
            if (message != null && wanted.test(message)) {
                return message;
            }
        }
        throw new AssertionError("no matching message within " + timeout);
    }

    /** Runs code in a cell and returns every message of the cell up to its execute_reply. */
    public java.util.List<JsonNode> execute(String cell, String code, Duration timeout) throws InterruptedException {
        send(command("execute").put("cell", cell).put("code", code));
        java.util.List<JsonNode> messages = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = received.poll(50, TimeUnit.MILLISECONDS);
            if (message == null || !cell.equals(message.path("cell").asText())) {
                continue;
            }
            messages.add(message);
            if (message.path("msg_type").asText().equals("execute_reply")) {
                return messages;
            }
        }
        throw new AssertionError("cell " + cell + " did not finish within " + timeout + "; got " + messages);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
