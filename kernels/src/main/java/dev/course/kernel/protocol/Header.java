package dev.course.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The header every Jupyter message carries: who sent it, when, and what type it is.
 *
 * @param msgId    unique id of this message; replies point back to it through their parent header
 * @param session  id of the sender's session (the kernel uses one id for its whole life)
 * @param username who sent it
 * @param date     ISO 8601 time stamp with time zone
 * @param msgType  e.g. {@code execute_request}
 * @param version  protocol version, {@value #PROTOCOL_VERSION} for everything the kernel sends
 */
public record Header(String msgId, String session, String username, String date, String msgType, String version) {

    /** The version of the Jupyter messaging protocol this kernel speaks. */
    public static final String PROTOCOL_VERSION = "5.3";

    /** A fresh header for a message the kernel is about to send. */
    public static Header create(String msgType, String session, String username) {
        return new Header(UUID.randomUUID().toString(), session, username, Instant.now().toString(), msgType,
                PROTOCOL_VERSION);
    }

    /**
     * Reads a header from JSON. Missing fields become empty strings rather than errors: a client that
     * forgets {@code username} should still get its answer.
     */
    public static Header fromJson(JsonNode json) {
        return new Header(
                json.path("msg_id").asText(""),
                json.path("session").asText(""),
                json.path("username").asText(""),
                json.path("date").asText(""),
                json.path("msg_type").asText(""),
                json.path("version").asText(""));
    }

    /** The header in its wire form. */
    public ObjectNode toJson() {
        return Json.object(
                "msg_id", msgId,
                "session", session,
                "username", username,
                "date", date,
                "msg_type", msgType,
                "version", version);
    }
}
