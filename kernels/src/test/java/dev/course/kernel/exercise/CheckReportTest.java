package dev.course.kernel.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.engine.display.MimeBundle;
import dev.course.kernel.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.course.kernel.protocol.MimeTypes;

class CheckReportTest {

    private final CheckReport report = CheckReport.of("cosine", List.of(
            new CheckResult("orthogonal vectors", true, null),
            new CheckResult("parallel <vectors>", false, "expected: <1.0> but was: <0.7>")));

    @Test
    void rendersJsonHtmlAndText() {
        MimeBundle bundle = report.render();

        JsonNode json = Json.parse(bundle.data().get(MimeTypes.CHECK));
        assertEquals("cosine", json.path("exercise").asText());
        assertFalse(json.path("passed").asBoolean());
        assertEquals(2, json.path("checks").size());
        assertTrue(json.path("checks").get(0).path("message").isNull());
        assertEquals("expected: <1.0> but was: <0.7>", json.path("checks").get(1).path("message").asText());

        assertEquals("✔ orthogonal vectors\n✘ parallel <vectors>: expected: <1.0> but was: <0.7>", bundle.data().get(MimeBundle.TEXT));
        String html = bundle.data().get(MimeBundle.HTML);
        assertTrue(html.contains("parallel &lt;vectors&gt;"), "names and messages are escaped: " + html);
        assertFalse(html.contains("<vectors>"));
    }

    @Test
    void passesOnlyWhenThereAreChecksAndAllPass() {
        assertTrue(CheckReport.of("x", List.of(new CheckResult("a", true, null))).passed());
        assertFalse(CheckReport.of("x", List.of()).passed());
    }
}
