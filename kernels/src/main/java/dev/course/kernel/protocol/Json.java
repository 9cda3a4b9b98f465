package dev.course.kernel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The one Jackson mapper of the kernel and a few helpers to build message contents.
 *
 * <p>Message contents stay as Jackson trees rather than one record per message type: the protocol
 * has dozens of message shapes and the kernel reads only a few fields of each.
 */
public final class Json {

    /** Shared, thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** An empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * A JSON object from alternating keys and values, e.g. {@code object("status", "ok", "count", 3)}.
     * Values are converted by Jackson, so strings, numbers, booleans, lists, maps and nodes all work.
     */
    public static ObjectNode object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        ObjectNode node = object();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], MAPPER.valueToTree(keysAndValues[i + 1]));
        }
        return node;
    }

    /** Parses JSON text; malformed text is a programming or peer error, so it is unchecked. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON text that must be an object; anything else (or nothing) becomes an empty object. */
    public static ObjectNode parseObject(String text) {
        JsonNode node = text == null || text.isBlank() ? null : parse(text);
        return asObject(node);
    }

    /** The node if it is an object, otherwise a new empty object. */
    public static ObjectNode asObject(JsonNode node) {
        return node instanceof ObjectNode object ? object : object();
    }

    /** Compact JSON text, on one line. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
