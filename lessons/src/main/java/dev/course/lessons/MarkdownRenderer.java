package dev.course.lessons;

import com.vladsch.flexmark.ext.anchorlink.AnchorLinkExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns lesson prose into HTML with Flexmark: headings with anchors, tables, figures and math.
 *
 * <p>Two things Markdown does not know are handled around Flexmark. Math ({@code $…$} inline,
 * {@code $$…$$} on its own lines) is set aside before parsing, so that underscores and asterisks in
 * formulas are not read as emphasis, and put back as elements that KaTeX typesets in the page. An
 * image alone in its paragraph becomes a {@code <figure>} whose title is the caption and whose alt
 * text stays the text alternative.
 */
public final class MarkdownRenderer {

    private static final Pattern DISPLAY_MATH = Pattern.compile("\\$\\$(.+?)\\$\\$", Pattern.DOTALL);
    private static final Pattern INLINE_MATH = Pattern.compile("(?<![\\\\$\\w])\\$(?=\\S)([^$\\n]+?)(?<=\\S)\\$(?![$\\w])");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1", Pattern.DOTALL);
    private static final Pattern FENCED = Pattern.compile("(?m)^(```|~~~)[^\\n]*\\n.*?^\\1\\s*$", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("MATH(\\d+)HTAM");
    private static final Pattern LONE_IMAGE = Pattern.compile(
            "<p><img src=\"([^\"]*)\" alt=\"([^\"]*)\"(?: title=\"([^\"]*)\")? /></p>");

    private final Parser parser;
    private final HtmlRenderer renderer;
    /** The opening tag of a heading's anchor link, up to its class. */
    private static final Pattern ANCHOR_LINK = Pattern.compile("(<a [^>]*class=\"anchor\")");

    public MarkdownRenderer() {
        MutableDataSet options = new MutableDataSet();
        options.set(Parser.EXTENSIONS, List.of(TablesExtension.create(), StrikethroughExtension.create(),
                AnchorLinkExtension.create()));
        options.set(HtmlRenderer.GENERATE_HEADER_ID, true);
        options.set(AnchorLinkExtension.ANCHORLINKS_WRAP_TEXT, false);
        options.set(AnchorLinkExtension.ANCHORLINKS_ANCHOR_CLASS, "anchor");
        options.set(AnchorLinkExtension.ANCHORLINKS_TEXT_PREFIX, "<span aria-hidden=\"true\">#</span>");
        options.set(TablesExtension.CLASS_NAME, "table");
        this.parser = Parser.builder(options).build();
        this.renderer = HtmlRenderer.builder(options).build();
    }

    /**
     * Renders prose to HTML.
     *
     * @param markdown  the prose
     * @param assetBase the URL folder that relative image paths are resolved against ({@code /content/foundations/})
     */
    public String render(String markdown, String assetBase) {
        return render(markdown, assetBase, path -> null);
    }

    /**
     * Renders prose to HTML, drawing SVG figures inline so that they follow the page's theme
     * (their strokes and fills use {@code currentColor} and the page's CSS variables).
     *
     * @param svgReader reads a relative SVG figure's text by the path written in the lesson; null
     *                  leaves it as an {@code <img>}
     */
    public String render(String markdown, String assetBase, Function<String, String> svgReader) {
        List<String> formulas = new ArrayList<>();
        String protectedText = protectMath(markdown, formulas);
        String html = renderer.render(parser.parse(protectedText));
        html = restoreMath(html, formulas);
        // The heading's "#" link shows only an aria-hidden "#": give it a name a screen reader can say.
        html = ANCHOR_LINK.matcher(html).replaceAll("$1 aria-label=\"Link to this section\"");
        return figures(html, assetBase, svgReader);
    }

    /** Replaces math with placeholders, skipping code spans and fenced code where a $ is just a $. */
    private static String protectMath(String markdown, List<String> formulas) {
        List<int[]> code = new ArrayList<>();
        for (Pattern pattern : List.of(FENCED, CODE_SPAN)) {
            Matcher m = pattern.matcher(markdown);
            while (m.find()) {
                code.add(new int[]{m.start(), m.end()});
            }
        }
        String text = replaceOutside(markdown, DISPLAY_MATH, code, formulas, true);
        code.clear();
        for (Pattern pattern : List.of(FENCED, CODE_SPAN)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                code.add(new int[]{m.start(), m.end()});
            }
        }
        return replaceOutside(text, INLINE_MATH, code, formulas, false);
    }

    private static String replaceOutside(String text, Pattern math, List<int[]> code, List<String> formulas, boolean display) {
        Matcher m = math.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int start = m.start();
            boolean inCode = code.stream().anyMatch(span -> start >= span[0] && start < span[1]);
            if (inCode) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            formulas.add((display ? "D" : "I") + m.group(1).strip());
            m.appendReplacement(out, "MATH" + (formulas.size() - 1) + "HTAM");
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String restoreMath(String html, List<String> formulas) {
        Matcher m = PLACEHOLDER.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String formula = formulas.get(Integer.parseInt(m.group(1)));
            boolean display = formula.charAt(0) == 'D';
            String tex = Html.escape(formula.substring(1));
            String element = display
                    ? "<div class=\"math display\">" + tex + "</div>"
                    : "<span class=\"math\">" + tex + "</span>";
            m.appendReplacement(out, Matcher.quoteReplacement(element));
        }
        m.appendTail(out);
        // A display formula alone in a paragraph should not sit inside <p>.
        return out.toString().replaceAll("<p>(<div class=\"math display\">.*?</div>)</p>", "$1");
    }

    private static String figures(String html, String assetBase, Function<String, String> svgReader) {
        Matcher m = LONE_IMAGE.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String src = resolve(m.group(1), assetBase);
            String alt = m.group(2);
            String caption = m.group(3);
            String svg = m.group(1).endsWith(".svg") && !isAbsolute(m.group(1)) ? svgReader.apply(m.group(1)) : null;
            String art = svg == null
                    ? "<img src=\"" + src + "\" alt=\"" + alt + "\">"
                    : "<div class=\"figure-art\" role=\"img\" aria-label=\"" + alt + "\">" + stripProlog(svg) + "</div>";
            String figure = "<figure>" + art
                    + (caption == null || caption.isBlank() ? "" : "<figcaption>" + caption + "</figcaption>")
                    + "</figure>";
            m.appendReplacement(out, Matcher.quoteReplacement(figure));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String stripProlog(String svg) {
        int start = svg.indexOf("<svg");
        return start < 0 ? svg : svg.substring(start);
    }

    private static String resolve(String src, String assetBase) {
        return isAbsolute(src) ? src : assetBase + src;
    }

    private static boolean isAbsolute(String src) {
        return src.startsWith("/") || src.contains("://") || src.startsWith("data:");
    }
}
