package dev.course.server.web;

import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two learners on one server: each reaches only their own kernel and progress, over HTTP and WebSocket. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LearnerIsolationIT {

    private static final String LESSON = "foundations/vectors-and-similarity";
    private static CourseApplication server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.application().maxKernels(4).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String text(List<JsonNode> messages) {
        return messages.toString();
    }

    @Test
    void onlyTheLearnerWhoseCellWaitsCanAnswerItsInputAndWithinTheSizeLimit() throws Exception {
        String alice = PageClient.newLearner(base);
        String bob = PageClient.newLearner(base);
        try (PageClient a = new PageClient(base, alice).open(LESSON); PageClient b = new PageClient(base, bob).open(LESSON)) {
            a.send(PageClient.command("execute").put("cell", "c2").put("code", "new Scanner(System.in).nextLine().length()"));
            a.await(m -> m.path("msg_type").asText().equals("input_request") && m.path("cell").asText().equals("c2"),
                    Duration.ofSeconds(90));

            b.send(PageClient.command("input").put("cell", "c2").put("value", "bob was here"));
            JsonNode refused = b.await(m -> m.path("msg_type").asText().equals("problem"), Duration.ofSeconds(10));
            assertTrue(refused.at("/content/message").asText().contains("not waiting for input"), refused.toString());
            a.send(PageClient.command("input").put("cell", "c2").put("value", "x".repeat(KernelSocket.MAX_INPUT_CHARS + 1)));
            JsonNode tooLong = a.await(m -> m.path("msg_type").asText().equals("problem"), Duration.ofSeconds(10));
            assertTrue(tooLong.at("/content/message").asText().contains("longer than"), tooLong.toString());

            List<JsonNode> rest = a.runAndCollect(PageClient.command("input").put("cell", "c2").put("value", "alice"),
                    "c2", null, Duration.ofSeconds(60));
            assertTrue(text(rest).contains("\"text/plain\":\"5\""), "alice's own line, not bob's: " + text(rest));
            assertEquals("ok", rest.getLast().at("/content/status").asText(), text(rest));
        }
    }

    @Test
    void kernelsAndProgressBelongToTheirLearner() throws Exception {
        String alice = PageClient.newLearner(base);
        String bob = PageClient.newLearner(base);
        try (PageClient a = new PageClient(base, alice).open(LESSON); PageClient b = new PageClient(base, bob).open(LESSON)) {
            List<JsonNode> defined = a.execute("c1", "String secret = \"alice's secret\";\nsecret", Duration.ofSeconds(60));
            assertTrue(text(defined).contains("alice's secret"), text(defined));
            List<JsonNode> probe = b.execute("c1", "secret", Duration.ofSeconds(60));
            assertEquals("error", probe.getLast().at("/content/status").asText(), "bob's kernel has no 'secret': " + text(probe));

            JsonNode aliceProgress = new ObjectMapper().readTree(a.get("/api/progress/" + LESSON).body());
            JsonNode bobProgress = new ObjectMapper().readTree(b.get("/api/progress/" + LESSON).body());
            assertTrue(aliceProgress.at("/code/c1").asText().contains("alice's secret"));
            assertEquals("secret", bobProgress.at("/code/c1").asText());
            assertFalse(bobProgress.toString().contains("alice"), "bob sees only his own code");
        }
    }

    @Test
    void aSocketWithoutACookieOrFromAnotherSiteGetsNoKernel() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(base.replace("http", "ws") + "/ws/kernel?lesson=" + LESSON);
        var closed = new java.util.concurrent.CompletableFuture<Integer>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }
        };
        http.newWebSocketBuilder().buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
        assertEquals(4401, closed.get(10, TimeUnit.SECONDS), "no learner cookie, no kernel");

        var crossSite = new java.util.concurrent.CompletableFuture<Integer>();
        http.newWebSocketBuilder()
                .header("Cookie", LearnerCookie.NAME + "=" + PageClient.newLearner(base))
                .header("Origin", "http://evil.example")
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        crossSite.complete(statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertEquals(4403, crossSite.get(10, TimeUnit.SECONDS), "another site's page cannot drive a kernel");
    }
}
