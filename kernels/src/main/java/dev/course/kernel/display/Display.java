package dev.course.kernel.display;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import java.awt.image.RenderedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Showing things from a cell: text, HTML, SVG, Markdown, LaTeX, tables, images, or any {@link Renderable} engine
 * object — and changing or clearing what was shown.
 *
 * <p>Every session starts with {@code import static dev.course.kernel.display.Display.*;}, so a cell
 * simply writes {@code html("<b>hi</b>")} or {@code display(results)}. Each call publishes one
 * {@code display_data} message attributed to the running cell; it looks the same in Jupyter and in
 * the course's web pages because both talk to the same kernel.
 *
 * <p>Every display call returns the id of what it showed (a {@code String}, as in IJava and JJava),
 * and {@link #updateDisplay} replaces that output in place — a progress bar a loop redraws is one
 * bar, not a hundred:
 *
 * <pre>{@code
 * String bar = display("[          ] 0%");
 * for (int i = 1; i <= 10; i++) {
 *     work();
 *     updateDisplay(bar, "[" + "#".repeat(i) + " ".repeat(10 - i) + "] " + 10 * i + "%");
 * }
 * }</pre>
 *
 * <p>Outside a kernel (in a plain unit test, say) nothing is connected and the text/plain form is
 * printed to {@code System.out} instead, so code using this class never fails for lack of a page.
 */
public final class Display {

    /** Jupyter's MIME type for LaTeX. */
    private static final String LATEX = "text/latex";

    /** What starts math that MathJax and KaTeX look for: a dollar sign, <code>\[</code>, <code>\(</code> or <code>\begin{</code>. */
    private static final Pattern MATH_DELIMITER = Pattern.compile("\\$|\\\\[\\[(]|\\\\begin\\{");

    private static volatile DisplaySink sink;

    private Display() {
    }

    /**
     * Shows any value: a {@link Renderable} as its bundle, a {@link MimeBundle} as itself, an image
     * ({@link java.awt.image.BufferedImage}) as a PNG, anything else as plain text (arrays with their
     * elements, not as {@code [I@1b6d3586}).
     *
     * @return the id that {@link #updateDisplay} takes to replace what was shown
     */
    public static String display(Object value) {
        return show(value, bundleOf(value));
    }

    /** Shows HTML. The plain-text fallback is the HTML with its tags removed. Returns the display id. */
    public static String html(String html) {
        return show(html, MimeBundle.html(html, plainTextOf(html)));
    }

    /** Shows an SVG image. Returns the display id. */
    public static String svg(String svg) {
        return show(svg, MimeBundle.svg(svg, "[SVG image]"));
    }

    /** Shows Markdown; its plain-text fallback is the Markdown source itself. Returns the display id. */
    public static String markdown(String markdown) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(MimeBundle.MARKDOWN, markdown);
        data.put(MimeBundle.TEXT, markdown);
        return show(markdown, new MimeBundle(data));
    }

    /**
     * Shows LaTeX ({@code text/latex}): Jupyter typesets it with MathJax, the course page with KaTeX.
     * Both look for math delimiters, so a source without any, such as {@code \frac{a}{b}}, is sent
     * as display math, {@code $$\frac{a}{b}$$}; one with them ({@code $x$}, {@code \[x\]},
     * {@code \begin{aligned}...\end{aligned}}, text around math) is sent as it is. The plain-text
     * fallback is the source as given. Returns the display id.
     */
    public static String latex(String latex) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(LATEX, MATH_DELIMITER.matcher(latex).find() ? latex : "$$" + latex + "$$");
        data.put(MimeBundle.TEXT, latex);
        return show(latex, new MimeBundle(data));
    }

    /**
     * Shows a table: HTML, and plain text with padded columns (numbers aligned right). At most
     * 1000 rows are shown; every row must have as many cells as the header. Returns the display id.
     */
    public static String table(List<String> header, List<? extends List<?>> rows) {
        MimeBundle bundle = Tables.bundle(header, rows);
        return show(bundle, bundle);
    }

    /**
     * Replaces what an earlier display call showed — in this cell or an earlier one — with a new
     * value, rendered as {@link #display} renders it (Jupyter's {@code update_display_data}).
     *
     * @param displayId what {@link #display}, {@link #html}, {@link #svg} or {@link #markdown} returned
     */
    public static void updateDisplay(String displayId, Object value) {
        Objects.requireNonNull(displayId, "updateDisplay needs the id an earlier display(...) returned");
        MimeBundle bundle = bundleOf(value);
        DisplaySink current = sink;
        if (current == null) {
            System.out.println(bundle.data().get(MimeBundle.TEXT));
        } else {
            current.update(displayId, bundle);
        }
    }

    /**
     * Clears the running cell's output so far (Jupyter's {@code clear_output}).
     *
     * @param wait clear only when the cell next shows or prints something, so that redrawing
     *             (clear, then show again) does not flicker
     */
    public static void clearOutput(boolean wait) {
        DisplaySink current = sink;
        if (current != null) {
            current.clear(wait);
        }
    }

    /**
     * Connects the kernel's sink; {@code null} disconnects. Called once by the kernel at start-up, not
     * by cells.
     */
    public static void connect(DisplaySink newSink) {
        sink = newSink;
    }

    /** Whether {@link #bundleOf} gives this value a richer form than its text. */
    public static boolean hasRichForm(Object value) {
        return value instanceof MimeBundle || value instanceof Renderable || value instanceof RenderedImage;
    }

    /** How {@link #display} turns a value into a bundle. */
    public static MimeBundle bundleOf(Object value) {
        return switch (value) {
            case MimeBundle bundle -> bundle;
            case Renderable renderable -> renderable.render();
            case RenderedImage image -> PngImages.bundle(image);
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

    private static String show(Object value, MimeBundle bundle) {
        String displayId = UUID.randomUUID().toString();
        DisplaySink current = sink;
        if (current == null) {
            System.out.println(bundle.data().get(MimeBundle.TEXT));
        } else {
            current.show(value, bundle, displayId);
        }
        return displayId;
    }
}
