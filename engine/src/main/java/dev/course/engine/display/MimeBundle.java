package dev.course.engine.display;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One value shown several ways, keyed by MIME type, exactly as Jupyter's {@code display_data}
 * carries it. A page or a notebook picks the richest type it can show safely and falls back to
 * {@code text/plain}, which every bundle must therefore contain.
 *
 * @param data MIME type to representation, in order of preference; never empty
 */
public record MimeBundle(Map<String, String> data) {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String SVG = "image/svg+xml";
    public static final String MARKDOWN = "text/markdown";

    public MimeBundle {
        Objects.requireNonNull(data, "data");
        if (!data.containsKey(TEXT)) {
            throw new IllegalArgumentException("a MIME bundle needs a text/plain fallback, got " + data.keySet());
        }
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** Plain text only. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of(TEXT, text));
    }

    /** HTML with a plain-text fallback for terminals and logs. */
    public static MimeBundle html(String html, String fallback) {
        var data = new LinkedHashMap<String, String>();
        data.put(HTML, html);
        data.put(TEXT, fallback);
        return new MimeBundle(data);
    }

    /** An SVG figure with a plain-text description (its text alternative). */
    public static MimeBundle svg(String svg, String description) {
        var data = new LinkedHashMap<String, String>();
        data.put(SVG, svg);
        data.put(TEXT, description);
        return new MimeBundle(data);
    }

    /** This bundle with one more representation added (or replaced). */
    public MimeBundle with(String mimeType, String value) {
        var copy = new LinkedHashMap<>(data);
        copy.put(mimeType, value);
        return new MimeBundle(copy);
    }
}
