package dev.course.engine.rag.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Objects;

/**
 * A planner's request to run a tool.
 *
 * @param id        identifies the call, so its result can be matched to it (OpenAI's {@code tool_call_id})
 * @param name      the tool's name
 * @param arguments the arguments object (a text node when the planner sent something that is not JSON)
 */
public record ToolCall(String id, String name, JsonNode arguments) {

    static final ObjectMapper JSON = new ObjectMapper();

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }

    /** A call whose arguments are given as JSON text, as models send them; invalid JSON is kept as text. */
    public static ToolCall of(String id, String name, String argumentsJson) {
        JsonNode arguments;
        try {
            arguments = JSON.readTree(argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (JsonProcessingException e) {
            arguments = TextNode.valueOf(argumentsJson);
        }
        return new ToolCall(id, name, arguments);
    }

    /** A call with one string argument. */
    public static ToolCall of(String id, String name, String argument, String value) {
        return new ToolCall(id, name, JSON.createObjectNode().put(argument, value));
    }

    @Override
    public String toString() {
        return name + arguments;
    }
}
