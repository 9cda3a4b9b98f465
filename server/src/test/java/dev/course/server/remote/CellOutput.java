package dev.course.server.remote;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One iopub output of a cell, kept as the kernel sent it so a caller can render or compare it.
 *
 * @param msgType {@code stream}, {@code display_data}, {@code update_display_data}, {@code execute_result} or {@code error}
 * @param content the message's content (a MIME bundle under {@code data} for displays and results)
 */
public record CellOutput(String msgType, JsonNode content) {

    /** Whether this output carries a MIME bundle with the given type. */
    public boolean hasMime(String mime) {
        return content.path("data").has(mime);
    }
}
