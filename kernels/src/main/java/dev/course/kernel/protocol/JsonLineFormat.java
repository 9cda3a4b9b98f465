package dev.course.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Messages as single JSON lines, the form used over stdio. It is the Jupyter WebSocket JSON form:
 *
 * <pre>
 * {"channel": "shell", "header": {...}, "parent_header": {...}, "metadata": {...}, "content": {...}}
 * </pre>
 *
 * <p>No signature: the pipe between the course server and its child process is private.
 */
public final class JsonLineFormat {

    private JsonLineFormat() {
    }

    /** The message as one line of JSON, without the trailing newline. */
    public static String encode(Message message) {
        return Json.write(toJson(message));
    }

    /** The message as a JSON tree, the form {@link #encode} writes and Jupyter's channels WebSocket carries. */
    public static ObjectNode toJson(Message message) {
        ObjectNode json = Json.object();
        json.put("channel", message.channel().wireName());
        json.set("header", message.header().toJson());
        json.set("parent_header", message.parentHeader() == null ? Json.object() : message.parentHeader().toJson());
        json.set("metadata", message.metadata());
        json.set("content", message.content());
        return json;
    }

    /**
     * The message on this line. Missing {@code parent_header}, {@code metadata} or {@code content}
     * count as empty objects; a missing or unknown channel, or a header without {@code msg_type}, is
     * an error.
     *
     * @throws IllegalArgumentException if the line is not such a message
     */
    public static Message decode(String line) {
        JsonNode json = Json.parse(line);
        if (!json.isObject()) {
            throw new IllegalArgumentException("a message must be a JSON object");
        }
        Channel channel = Channel.fromWireName(json.path("channel").asText(""));
        Header header = Header.fromJson(json.path("header"));
        if (header.msgType().isEmpty()) {
            throw new IllegalArgumentException("the header has no msg_type");
        }
        ObjectNode parent = Json.asObject(json.get("parent_header"));
        return new Message(
                channel,
                List.of(),
                header,
                parent.isEmpty() ? null : Header.fromJson(parent),
                Json.asObject(json.get("metadata")),
                Json.asObject(json.get("content")));
    }
}
