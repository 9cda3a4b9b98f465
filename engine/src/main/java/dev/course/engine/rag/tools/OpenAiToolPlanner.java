package dev.course.engine.rag.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.generate.GenerationException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model plans: the tools are sent in OpenAI's {@code tools} format
 * ({@code {"type": "function", "function": {"name", "description", "parameters"}}}) to a chat completions
 * endpoint; the reply either carries {@code tool_calls} (each with an id, a name and its arguments as a
 * JSON string) or a final {@code content}. Results go back as {@code {"role": "tool", "tool_call_id", "content"}}
 * messages after the assistant message that asked for them. Not streamed: tool calls arrive whole.
 */
public final class OpenAiToolPlanner implements Planner {

    public static final String SYSTEM = "You can call tools. Call one when it helps; when you have what you need, "
            + "answer the user directly and briefly.";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param baseUrl e.g. {@code http://localhost:11434/v1}; {@code /chat/completions} is appended
     * @param model   the model name (servers with one model ignore it)
     * @param apiKey  a bearer token, or null
     */
    public OpenAiToolPlanner(String baseUrl, String model, String apiKey, Duration timeout) {
        String base = Objects.requireNonNull(baseUrl, "baseUrl").strip().replaceAll("/+$", "");
        URI uri = URI.create(base.endsWith("/chat/completions") ? base
                : (URI.create(base).getPath().isEmpty() ? base + "/v1" : base) + "/chat/completions");
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
        }
        this.endpoint = uri;
        this.model = model == null || model.isBlank() ? "default" : model;
        this.apiKey = apiKey;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public OpenAiToolPlanner(String baseUrl, String model) {
        this(baseUrl, model, null, DEFAULT_TIMEOUT);
    }

    @Override
    public String name() {
        return model + " at " + endpoint.getAuthority() + " (OpenAI tools)";
    }

    /** The request body for the next move. */
    public String body(String task, List<Tool> tools, List<Round> rounds) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("temperature", 0).put("stream", false);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM);
        messages.addObject().put("role", "user").put("content", task);
        for (Round round : rounds) {
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            assistant.putNull("content");
            ArrayNode calls = assistant.putArray("tool_calls");
            for (ToolCall call : round.calls()) {
                ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                c.putObject("function").put("name", call.name())
                        .put("arguments", call.arguments().isTextual() ? call.arguments().asText() : call.arguments().toString());
            }
            for (ToolResult result : round.results()) {
                messages.addObject().put("role", "tool").put("tool_call_id", result.callId()).put("content", result.content());
            }
        }
        ArrayNode toolList = body.putArray("tools");
        for (Tool tool : tools) {
            ObjectNode function = toolList.addObject().put("type", "function").putObject("function");
            function.put("name", tool.name()).put("description", tool.description());
            try {
                function.set("parameters", JSON.readTree(tool.parameters()));
            } catch (IOException e) {
                throw new IllegalStateException("tool " + tool.name() + " has invalid JSON parameters", e);
            }
        }
        return body.toString();
    }

    @Override
    public Decision next(String task, List<Tool> tools, List<Round> rounds) {
        var builder = HttpRequest.newBuilder(endpoint).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(task, tools, rounds)));
        if (apiKey != null && !apiKey.isBlank()) builder.header("Authorization", "Bearer " + apiKey);
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GenerationException("cannot reach an OpenAI-compatible server at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted while waiting for " + endpoint, e);
        }
        if (response.statusCode() != 200) {
            throw new GenerationException("the server at " + endpoint + " answered HTTP " + response.statusCode() + ": "
                    + response.body().strip());
        }
        return decision(response.body());
    }

    /** Reads a chat completion: tool calls if there are any, else the content as the answer. */
    static Decision decision(String responseBody) {
        JsonNode message;
        try {
            message = JSON.readTree(responseBody).path("choices").path(0).path("message");
        } catch (IOException e) {
            throw new GenerationException("the server's answer is not JSON: " + responseBody, e);
        }
        var calls = new ArrayList<ToolCall>();
        for (JsonNode call : message.path("tool_calls")) {
            String id = call.path("id").asText("call_" + (calls.size() + 1));
            JsonNode function = call.path("function");
            JsonNode arguments = function.path("arguments");
            calls.add(arguments.isTextual() ? ToolCall.of(id, function.path("name").asText(), arguments.asText())
                    : new ToolCall(id, function.path("name").asText(), arguments.isMissingNode() ? JSON.createObjectNode() : arguments));
        }
        return calls.isEmpty() ? new Finish(message.path("content").asText("")) : new CallTools(calls);
    }
}
