package dev.course.kernel.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.display.MimeBundle;
import dev.course.kernel.protocol.Json;
import java.util.Map;

/**
 * A {@link MimeBundle} as the {@code data} object of {@code display_data} and {@code execute_result}.
 *
 * <p>Jupyter expects JSON MIME types ({@code application/json} and every {@code ...+json} type, such
 * as the course's {@code application/vnd.course.check+json}) as JSON values, not as strings holding
 * JSON, so those are parsed here. Every other type stays a string.
 */
public final class MimeBundleJson {

    private MimeBundleJson() {
    }

    public static ObjectNode toJson(MimeBundle bundle) {
        ObjectNode data = Json.object();
        for (Map.Entry<String, String> entry : bundle.data().entrySet()) {
            if (isJson(entry.getKey())) {
                data.set(entry.getKey(), parseOrKeepText(entry.getValue()));
            } else {
                data.put(entry.getKey(), entry.getValue());
            }
        }
        return data;
    }

    static boolean isJson(String mimeType) {
        return mimeType.equals("application/json") || mimeType.endsWith("+json");
    }

    private static com.fasterxml.jackson.databind.JsonNode parseOrKeepText(String text) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }
}
