package dev.course.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.display.MimeBundle;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.course.kernel.protocol.MimeTypes;

class MimeBundleJsonTest {

    @Test
    void jsonTypesBecomeJsonValuesAndTheRestStaysText() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(MimeTypes.CHECK, "{\"passed\": true}");
        data.put("application/json", "[1, 2]");
        data.put("text/html", "<b>{\"not\": \"json\"}</b>");
        data.put("text/plain", "ok");

        ObjectNode json = MimeBundleJson.toJson(new MimeBundle(data));

        assertTrue(json.path(MimeTypes.CHECK).path("passed").asBoolean());
        assertTrue(json.path("application/json").isArray());
        assertEquals("<b>{\"not\": \"json\"}</b>", json.path("text/html").asText());
        assertEquals("ok", json.path("text/plain").asText());
    }

    @Test
    void malformedJsonIsKeptAsText() {
        ObjectNode json = MimeBundleJson.toJson(new MimeBundle(Map.of("application/json", "{oops", "text/plain", "x")));
        assertEquals("{oops", json.path("application/json").asText());
    }
}
