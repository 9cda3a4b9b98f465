package dev.course.engine.generate.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.course.engine.generate.ChatMessage;
import dev.course.engine.generate.GenerationException;
import dev.course.engine.generate.GenerationRequest;
import dev.course.engine.generate.Generator;
import dev.course.engine.generate.Generators;
import dev.course.engine.generate.sample.SamplingConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a real HTTP server, started here, that speaks the chat completions protocol. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpenAiGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::streamAnswer);
        server.createContext("/broken/v1/chat/completions", exchange -> {
            byte[] body = "{\"error\":{\"message\":\"model 'nope' not found\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/silent/v1/chat/completions", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(sse("{\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}"));
            out.flush();
            sleep(3000);                               // then nothing: the client's idle timeout must fire
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base(String prefix) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix + "/v1";
    }

    private void streamAnswer(HttpExchange exchange) throws IOException {
        lastRequest.set(JSON.readTree(exchange.getRequestBody()));
        lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(": a comment line, ignored\n\n".getBytes(StandardCharsets.UTF_8));
            for (String piece : List.of("Hello", ", ", "wörld", "!")) {
                out.write(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JSON.writeValueAsString(piece) + "}}]}"));
                out.flush();
                sleep(20);
            }
            out.write(sse("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"
                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}"));
            out.write(sse("[DONE]"));
        }
    }

    private static byte[] sse(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void streamsPiecesAndSendsTheRequestTheProtocolWants() {
        var generator = new OpenAiGenerator(base(""), "smollm2", "secret", Duration.ofSeconds(2), Duration.ofSeconds(5));
        List<String> pieces = new ArrayList<>();
        var request = GenerationRequest.chat(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")))
                .withMaxTokens(7).withSampling(SamplingConfig.defaults().withTemperature(0.2f).withSeed(5)).withStop("\n\n");
        var generation = generator.generate(request, pieces::add);
        assertEquals(List.of("Hello", ", ", "wörld", "!"), pieces, "each event's text, as it arrives");
        assertEquals("Hello, wörld!", generation.text());
        assertEquals(9, generation.promptTokens());
        assertEquals(4, generation.generatedTokens());
        assertEquals(dev.course.engine.generate.Generation.StopReason.MAX_TOKENS, generation.stopReason());
        JsonNode sent = lastRequest.get();
        assertEquals("smollm2", sent.get("model").asText());
        assertTrue(sent.get("stream").asBoolean());
        assertEquals(7, sent.get("max_tokens").asInt());
        assertEquals(0.2, sent.get("temperature").asDouble(), 1e-6);
        assertEquals("system", sent.at("/messages/0/role").asText());
        assertEquals("Hi", sent.at("/messages/1/content").asText());
        assertEquals("\n\n", sent.at("/stop/0").asText());
        assertEquals("Bearer secret", lastAuthorization.get());
    }

    @Test
    void generatorsOpenTheClientFromASpec() {
        try (Generator generator = Generators.open("openai:" + base(""), System.out)) {
            assertTrue(generator.name().contains("OpenAI"), generator.name());
            assertEquals("Hello, wörld!", generator.complete("Hi"));
        }
    }

    @Test
    void anUnreachableServerGetsAClearMessage() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var generator = new OpenAiGenerator("http://127.0.0.1:" + closedPort + "/v1", null);
        var e = assertThrows(GenerationException.class, () -> generator.complete("Hi"));
        assertTrue(e.getMessage().contains("cannot reach") && e.getMessage().contains("Is it running?"), e.getMessage());
    }

    @Test
    void httpErrorsShowTheServersMessage() {
        var generator = new OpenAiGenerator(base("/broken"), "nope");
        var e = assertThrows(GenerationException.class, () -> generator.complete("Hi"));
        assertTrue(e.getMessage().contains("404") && e.getMessage().contains("model 'nope' not found"), e.getMessage());
    }

    @Test
    void aSilentStreamTimesOut() {
        var generator = new OpenAiGenerator(base("/silent"), null, null, Duration.ofSeconds(2), Duration.ofMillis(400));
        long start = System.nanoTime();
        var e = assertThrows(GenerationException.class, () -> generator.complete("Hi"));
        assertTrue(e.getMessage().contains("went silent"), e.getMessage());
        assertTrue((System.nanoTime() - start) / 1e6 < 2500, "gave up after the idle timeout, not the server's 3 s");
    }

    @Test
    void baseUrlsBecomeTheChatEndpoint() {
        assertEquals("http://h:1/v1/chat/completions", OpenAiGenerator.endpoint("http://h:1").toString());
        assertEquals("http://h:1/v1/chat/completions", OpenAiGenerator.endpoint("http://h:1/v1/").toString());
        assertEquals("http://h/api/chat/completions", OpenAiGenerator.endpoint("http://h/api/chat/completions").toString());
        assertThrows(IllegalArgumentException.class, () -> OpenAiGenerator.endpoint("localhost:11434"));
    }
}
