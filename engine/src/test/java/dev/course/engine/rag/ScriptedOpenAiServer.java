package dev.course.engine.rag;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A real HTTP server on a free local port that speaks OpenAI's chat completions protocol and answers
 * from a script: each request takes the next scripted reply. A reply is either text (sent as a
 * server-sent event stream when the request asks for {@code "stream": true}, else as one JSON
 * completion) or raw JSON for a whole completion (for tool calls). Requests are recorded.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {

    private final HttpServer server;
    private final Deque<String> replies = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();

    private ScriptedOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String reply;
            synchronized (this) {
                requests.add(body);
                reply = replies.isEmpty() ? "(no more scripted replies)" : replies.removeFirst();
            }
            boolean raw = reply.startsWith("{");
            boolean stream = body.replace(" ", "").contains("\"stream\":true");
            byte[] out;
            if (raw) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                out = reply.getBytes(StandardCharsets.UTF_8);
            } else if (stream) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                var sse = new StringBuilder();
                for (String piece : reply.split("(?<= )")) {
                    sse.append("data: {\"choices\":[{\"delta\":{\"content\":").append(quote(piece)).append("}}]}\n\n");
                }
                sse.append("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
                out = sse.toString().getBytes(StandardCharsets.UTF_8);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                out = ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":" + quote(reply)
                        + "},\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
    }

    /** Starts a server that will give {@code scripted} replies in order. */
    public static ScriptedOpenAiServer start(String... scripted) throws IOException {
        var s = new ScriptedOpenAiServer();
        s.replies.addAll(List.of(scripted));
        return s;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
