package dev.course.lessons;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownRendererTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void keepsMathAwayFromEmphasis() {
        String html = renderer.render("Sum $a_i b_i$ and $x_j * y_j$ here.", "/content/");
        assertTrue(html.contains("<span class=\"math\">a_i b_i</span>"), html);
        assertTrue(html.contains("<span class=\"math\">x_j * y_j</span>"), html);
        assertFalse(html.contains("<em>"), html);
    }

    @Test
    void displayMathIsABlock() {
        String html = renderer.render("Before\n\n$$a \\cdot b = \\sum_i a_i b_i$$\n\nAfter", "/content/");
        assertTrue(html.contains("<div class=\"math display\">a \\cdot b = \\sum_i a_i b_i</div>"), html);
        assertFalse(html.contains("<p><div"), html);
    }

    @Test
    void leavesDollarsInCodeAlone() {
        String html = renderer.render("Costs `$5 and $6` in code.", "/content/");
        assertTrue(html.contains("<code>$5 and $6</code>"), html);
    }

    @Test
    void escapesMarkupInsideMath() {
        String html = renderer.render("If $a<b$ then.", "/content/");
        assertTrue(html.contains("a&lt;b"), html);
    }

    @Test
    void turnsALoneImageIntoAFigureWithCaption() {
        String html = renderer.render("![Arrows a and b](figures/x.png \"The caption\")", "/content/foundations/");
        assertTrue(html.contains("<figure><img src=\"/content/foundations/figures/x.png\" alt=\"Arrows a and b\">"
                + "<figcaption>The caption</figcaption></figure>"), html);
    }

    @Test
    void inlinesSvgFiguresSoTheyFollowTheTheme() {
        String html = renderer.render("![Alt text](figures/x.svg \"Cap\")", "/content/f/",
                path -> path.equals("figures/x.svg") ? "<?xml version=\"1.0\"?><svg><circle/></svg>" : null);
        assertTrue(html.contains("<div class=\"figure-art\" role=\"img\" aria-label=\"Alt text\"><svg><circle/></svg></div>"), html);
        assertFalse(html.contains("<?xml"), html);
    }

    @Test
    void headingsGetAnchors() {
        String html = renderer.render("## The dot product", "/");
        assertTrue(html.contains("id=\"the-dot-product\""), html);
        assertTrue(html.matches("(?s).*<a [^>]*class=\"anchor\" aria-label=\"Link to this section\".*"),
                "the anchor link has a name a screen reader can say: " + html);
    }
}
