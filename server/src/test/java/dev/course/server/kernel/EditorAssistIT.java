package dev.course.server.kernel;

import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Messages;
import dev.course.lessons.Block;
import dev.course.lessons.CourseContent;
import dev.course.lessons.Lesson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the lesson page's editor asks the kernel while the learner types, through the real server's
 * WebSocket as course.js sends it: completions (Ctrl-Space) and documentation (Ctrl-I, hover).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EditorAssistIT {

    private static CourseApplication server;
    private static WebSocket socket;
    private static final BlockingQueue<JsonNode> RECEIVED = new LinkedBlockingQueue<>();
    private static String cellId;

    @BeforeAll
    static void connect() throws Exception {
        server = TestServers.application().maxKernels(4).warmKernels(1).withoutSearchModel().start();
        Lesson lesson = CourseContent.packaged().course().lessons().getFirst();
        String path = lesson.meta().track() + "/" + lesson.slug();
        cellId = lesson.cells().stream().filter(c -> c.role() != dev.course.lessons.CellRole.SETUP).map(Block.Cell::id).findFirst().orElseThrow();
        String base = "http://127.0.0.1:" + server.port();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/learn/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        socket = http.newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(URI.create(base.replace("http", "ws") + "/ws/kernel?lesson=" + path), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                RECEIVED.add(Messages.JSON.readTree(partial.toString()));
                            } catch (Exception ignored) {
                                // not JSON
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        // Wait for the kernel: the first cell's reply says it runs.
        socket.sendText("{\"type\":\"execute\",\"cell\":\"" + cellId + "\",\"code\":\"int answer = 42;\"}", true);
        await("execute_reply", null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode await(String type, String request) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = RECEIVED.poll(1, TimeUnit.SECONDS);
            if (message != null && message.path("msg_type").asText().equals(type)
                    && (request == null || request.equals(message.path("request").asText()))) {
                return message;
            }
        }
        throw new AssertionError("no " + type + " arrived");
    }

    private static JsonNode ask(String type, String code, int cursor, String request) throws Exception {
        socket.sendText(Messages.JSON.createObjectNode().put("type", type).put("cell", cellId).put("code", code)
                .put("cursor_pos", cursor).put("request", request).toString(), true).get(10, TimeUnit.SECONDS);
        return await(type + "_reply", request).path("content");
    }

    @Test
    void ctrlSpaceCompletesJavaNamesAndTheLearnersOwn() throws Exception {
        JsonNode math = ask("complete", "Math.ma", 7, "r1");
        assertEquals("ok", math.path("status").asText(), math.toString());
        assertTrue(math.path("matches").toString().contains("max("), math.toString());
        assertEquals(5, math.path("cursor_start").asInt(), "replaces what follows the dot");
        JsonNode own = ask("complete", "answ", 4, "r2");
        assertTrue(own.path("matches").toString().contains("answer"), "the learner's variable: " + own);
    }

    @Test
    void ctrlIShowsDocumentation() throws Exception {
        JsonNode doc = ask("inspect", "Math.max(1, 2)", 6, "r3");
        assertTrue(doc.path("found").asBoolean(), doc.toString());
        String text = doc.path("data").path("text/plain").asText();
        assertNotNull(text);
        assertTrue(text.contains("max("), text);
    }
}
