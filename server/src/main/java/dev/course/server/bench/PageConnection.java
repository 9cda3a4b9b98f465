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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a lesson page does, without a browser: HTTP with the learner's cookie, and the kernel
 * WebSocket with the server's own origin. Used by the load benchmark and by tests.
 */
public class PageConnection implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String cookie;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private WebSocket socket;

    /** The name of the server's learner cookie. */
    public static final String LEARNER_COOKIE = "course_learner";

    /**
     * @param base    e.g. http://127.0.0.1:7070
     * @param learner the learner cookie's value, as the server issued it ({@link #newLearner})
     */
    public PageConnection(String base, String learner) {
        this.base = base;
        this.cookie = LEARNER_COOKIE + "=" + learner;
    }

    /**
     * A new learner, as a browser becomes one: the home page's learner cookie (signed by the
     * server: a made-up one gets no kernel).
     */
    public static String newLearner(String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(base + "/")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return learnerCookie(home).orElseThrow(() -> new IllegalStateException(
                "the home page answered " + home.statusCode() + " without a learner cookie"));
    }

    /** The learner cookie's value a response sets, if it sets one. */
    public static java.util.Optional<String> learnerCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().map(header -> header.split(";", 2)[0])
                .filter(pair -> pair.startsWith(LEARNER_COOKIE + "=")).map(pair -> pair.substring(LEARNER_COOKIE.length() + 1))
                .findFirst();
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form as one of the server's pages would (same origin). */
    public HttpResponse<String> postForm(String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).header("Origin", base)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens (or reopens) the kernel socket of a lesson ({@code track/slug}). */
    public PageConnection open(String lesson) throws Exception {
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
                                // not JSON: whoever waits for a message will time out and say so
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        return this;
    }

    public static ObjectNode command(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    public void send(ObjectNode command) {
        socket.sendText(command.toString(), true).join();
    }

    /** Waits for the first message that matches, dropping the ones before it. */
    public JsonNode await(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = received.poll(20, TimeUnit.MILLISECONDS);
            if (message != null && wanted.test(message)) {
                return message;
            }
        }
        throw new AssertionError("no matching message within " + timeout);
    }

    /**
     * Sends a command and collects the messages of one cell until its execute_reply (of the given
     * phase, for checks) or a {@code check_blocked}; the list ends early if the timeout passes.
     */
    public List<JsonNode> runAndCollect(ObjectNode command, String cell, String phase, Duration timeout) throws InterruptedException {
        send(command);
        List<JsonNode> messages = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = received.poll(20, TimeUnit.MILLISECONDS);
            if (message == null || !cell.equals(message.path("cell").asText())) {
                continue;
            }
            messages.add(message);
            String type = message.path("msg_type").asText();
            if (type.equals("check_blocked")
                    || (type.equals("execute_reply") && (phase == null || phase.equals(message.path("phase").asText())))) {
                return messages;
            }
        }
        return messages;
    }

    /** Runs code in a cell; the messages of the cell up to its execute_reply. */
    public List<JsonNode> execute(String cell, String code, Duration timeout) throws InterruptedException {
        List<JsonNode> messages = runAndCollect(command("execute").put("cell", cell).put("code", code), cell, null, timeout);
        if (messages.isEmpty() || !messages.getLast().path("msg_type").asText().equals("execute_reply")) {
            throw new AssertionError("cell " + cell + " did not finish within " + timeout + "; got " + messages);
        }
        return messages;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
