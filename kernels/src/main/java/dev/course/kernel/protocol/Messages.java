package dev.course.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The client's side of the protocol: a {@link Message} built and read as a JSON tree, in the form
 * that travels over stdio and over Jupyter's channels WebSocket ({@code channel}, {@code header},
 * {@code parent_header}, {@code metadata}, {@code content}).
 *
 * <p>The course server, the gateway client and tests talk to kernels with these; the kernel itself
 * answers with {@link MessageFactory}. Both build their headers with {@link Header#create} and
 * write them with {@link JsonLineFormat}, so there is one message model and one protocol version.
 */
public final class Messages {

    /** The mapper for message trees: the kernel's one {@link Json#MAPPER}, under the name clients know. */
    public static final ObjectMapper JSON = Json.MAPPER;
    /** The user name a client signs its requests with. */
    public static final String USERNAME = "course";
    /**
     * The longest message a client accepts from a kernel, in characters, on stdio or a gateway's
     * channels socket; the rest of a longer one is discarded as it arrives. The kernel caps a cell's
     * output and each displayed value at 1,000,000 characters, so its own messages stay well below.
     */
    public static final int MAX_MESSAGE_CHARS = 4 * 1024 * 1024;

    private Messages() {
    }

    /**
     * A new request on a channel, with a fresh message id.
     *
     * @param channel a channel's wire name ({@code shell}, {@code control}, {@code stdin})
     * @throws IllegalArgumentException for a channel the protocol does not have
     */
    public static ObjectNode request(String channel, String msgType, String session, ObjectNode content) {
        Message message = new Message(Channel.fromWireName(channel), List.of(), Header.create(msgType, session, USERNAME),
                null, Json.object(), content);
        return JsonLineFormat.toJson(message);
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
        ObjectNode content = Json.object();
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
        ObjectNode message = request("stdin", "input_reply", session, Json.object().put("value", value));
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
