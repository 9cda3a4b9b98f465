package dev.course.kernel.display;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Showing things from a cell: text, HTML, SVG, Markdown, or any {@link Renderable} engine object.
 *
 * <p>Every session starts with {@code import static dev.course.kernel.display.Display.*;}, so a cell
 * simply writes {@code html("<b>hi</b>")} or {@code display(results)}. Each call publishes one
 * {@code display_data} message attributed to the running cell; it looks the same in Jupyter and in
 * the course's web pages because both talk to the same kernel.
 *
 * <p>Outside a kernel (in a plain unit test, say) nothing is connected and the text/plain form is
 * printed to {@code System.out} instead, so code using this class never fails for lack of a page.
 */
public final class Display {

    private static volatile DisplaySink sink;

    private Display() {
    }

    /**
     * Shows any value: a {@link Renderable} as its bundle, a {@link MimeBundle} as itself, anything
     * else as plain text (arrays with their elements, not as {@code [I@1b6d3586}).
     */
    public static void display(Object value) {
        show(value, bundleOf(value));
    }

    /** Shows HTML. The plain-text fallback is the HTML with its tags removed. */
    public static void html(String html) {
        show(html, MimeBundle.html(html, plainTextOf(html)));
    }

    /** Shows an SVG image. */
    public static void svg(String svg) {
        show(svg, MimeBundle.svg(svg, "[SVG image]"));
    }

    /** Shows Markdown; its plain-text fallback is the Markdown source itself. */
    public static void markdown(String markdown) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(MimeBundle.MARKDOWN, markdown);
        data.put(MimeBundle.TEXT, markdown);
        show(markdown, new MimeBundle(data));
    }

    /**
     * Connects the kernel's sink; {@code null} disconnects. Called once by the kernel at start-up, not
     * by cells.
     */
    public static void connect(DisplaySink newSink) {
        sink = newSink;
    }

    /** How {@link #display} turns a value into a bundle. */
    public static MimeBundle bundleOf(Object value) {
        return switch (value) {
            case MimeBundle bundle -> bundle;
            case Renderable renderable -> renderable.render();
            case null -> MimeBundle.text("null");
            default -> MimeBundle.text(textOf(value));
        };
    }

    private static String textOf(Object value) {
        if (value.getClass().isArray()) {
            String wrapped = Arrays.deepToString(new Object[] {value});
            return wrapped.substring(1, wrapped.length() - 1);
        }
        return String.valueOf(value);
    }

    private static String plainTextOf(String html) {
        String text = html.replaceAll("<[^>]*>", "").strip();
        return text.isEmpty() ? "[HTML]" : text;
    }

    private static void show(Object value, MimeBundle bundle) {
        DisplaySink current = sink;
        if (current == null) {
            System.out.println(bundle.data().get(MimeBundle.TEXT));
        } else {
            current.show(value, bundle);
        }
    }
}
