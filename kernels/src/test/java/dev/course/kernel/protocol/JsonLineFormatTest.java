package dev.course.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLineFormatTest {

    @Test
    void writesOneLineInTheWebSocketJsonForm() {
        Header parent = Header.create("execute_request", "client", "learner");
        Message message = new Message(Channel.IOPUB, List.of(), Header.create("stream", "kernel", "kernel"), parent,
                Json.object(), Json.object("name", "stdout", "text", "line 1\nline 2\n"));

        String line = JsonLineFormat.encode(message);

        assertFalse(line.contains("\n"), "newlines in strings are escaped");
        JsonNode json = Json.parse(line);
        assertEquals("iopub", json.path("channel").asText());
        assertEquals("stream", json.path("header").path("msg_type").asText());
        assertEquals(parent.msgId(), json.path("parent_header").path("msg_id").asText());
        assertTrue(json.path("metadata").isObject());
        assertEquals("line 1\nline 2\n", json.path("content").path("text").asText());
    }

    @Test
    void readsARequestBack() {
        Message request = new Message(Channel.CONTROL, List.of(), Header.create("interrupt_request", "c", "u"), null,
                Json.object(), Json.object());

        Message decoded = JsonLineFormat.decode(JsonLineFormat.encode(request));

        assertEquals(Channel.CONTROL, decoded.channel());
        assertEquals(request.header(), decoded.header());
        assertNull(decoded.parentHeader());
        assertTrue(decoded.identities().isEmpty());
    }

    @Test
    void missingPartsAreEmptyButAMessageNeedsAChannelAndAType() {
        Message minimal = JsonLineFormat.decode("{\"channel\":\"shell\",\"header\":{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}}");
        assertEquals("kernel_info_request", minimal.type());
        assertTrue(minimal.content().isEmpty());
        assertTrue(minimal.metadata().isEmpty());
        assertEquals("", minimal.header().session());

        assertThrows(IllegalArgumentException.class, () -> JsonLineFormat.decode("{\"header\":{\"msg_type\":\"x\"}}"));
        assertThrows(IllegalArgumentException.class, () -> JsonLineFormat.decode("{\"channel\":\"hb\",\"header\":{\"msg_type\":\"x\"}}"));
        assertThrows(IllegalArgumentException.class, () -> JsonLineFormat.decode("{\"channel\":\"shell\",\"header\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> JsonLineFormat.decode("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> JsonLineFormat.decode("not json"));
    }
}
