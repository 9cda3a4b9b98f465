package dev.course.engine.rag.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something a planner may call: a name, a description the model reads to decide when to call it, a
 * JSON Schema of its arguments, and the call itself.
 */
public interface Tool {

    /** The name the planner calls it by, e.g. {@code calculator}. */
    String name();

    /** One or two sentences for the model: what it does and when to use it. */
    String description();

    /** The JSON Schema of the arguments object, as JSON text. */
    String parameters();

    /**
     * Runs the tool.
     *
     * @return the result as text, which is what the planner sees
     * @throws IllegalArgumentException for bad arguments (the planner sees the message and may retry)
     */
    String call(JsonNode arguments);

    /** The string argument {@code name}, or an exception a model can learn from. */
    static String requireText(JsonNode arguments, String name) {
        JsonNode value = arguments == null ? null : arguments.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("missing string argument \"" + name + "\"");
        }
        return value.asText();
    }
}
