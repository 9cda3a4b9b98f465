package dev.course.server.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Builds and reads Jupyter messages in the JSON form the kernel speaks over stdio (the same form
 * Jupyter's WebSocket API uses): {@code channel}, {@code header}, {@code parent_header},
 * {@code metadata}, {@code content}.
 */
public final class Messages {

    /** The Jupyter messaging protocol version we speak. */
    public static final String PROTOCOL_VERSION = "5.3";
    public static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The longest message the server accepts from a kernel, in characters, on stdio or a gateway's
     * channels socket; the rest of a longer one is discarded as it arrives. The kernel caps a cell's
     * output and each displayed value at 1,000,000 characters, so its own messages stay well below.
     */
    public static final int MAX_MESSAGE_CHARS = 4 * 1024 * 1024;

    private Messages() {
    }

    /** A new request on a channel, with a fresh message id. */
    public static ObjectNode request(String channel, String msgType, String session, ObjectNode content) {
        ObjectNode message = JSON.createObjectNode();
        message.put("channel", channel);
        ObjectNode header = message.putObject("header");
        header.put("msg_id", UUID.randomUUID().toString());
        header.put("session", session);
        header.put("username", "course");
        header.put("date", OffsetDateTime.now(ZoneOffset.UTC).toString());
        header.put("msg_type", msgType);
        header.put("version", PROTOCOL_VERSION);
        message.putObject("parent_header");
        message.putObject("metadata");
        message.set("content", content);
        return message;
    }

    /** An execute_request for some code that may not read input. */
    public static ObjectNode executeRequest(String session, String code, boolean silent) {
        return executeRequest(session, code, silent, false);
    }

    /**
     * An execute_request for some code.
     *
     * @param allowStdin whether the code may read {@code System.in}: the kernel then asks with an
     *                   {@code input_request}, and someone must answer; otherwise reading fails at once
     */
    public static ObjectNode executeRequest(String session, String code, boolean silent, boolean allowStdin) {
        ObjectNode content = JSON.createObjectNode();
        content.put("code", code);
        content.put("silent", silent);
        content.put("store_history", !silent);
        content.putObject("user_expressions");
        content.put("allow_stdin", allowStdin);
        content.put("stop_on_error", true);
        return request("shell", "execute_request", session, content);
    }

    /** An input_reply on the stdin channel, answering the kernel's input_request (its header). */
    public static ObjectNode inputReply(String session, JsonNode inputRequestHeader, String value) {
        ObjectNode message = request("stdin", "input_reply", session, JSON.createObjectNode().put("value", value));
        message.set("parent_header", inputRequestHeader.deepCopy());
        return message;
    }

    public static String msgId(JsonNode message) {
        return message.path("header").path("msg_id").asText();
    }

    public static String msgType(JsonNode message) {
        return message.path("header").path("msg_type").asText();
    }

    public static String parentId(JsonNode message) {
        return message.path("parent_header").path("msg_id").asText();
    }

    public static String channel(JsonNode message) {
        return message.path("channel").asText();
    }
}
