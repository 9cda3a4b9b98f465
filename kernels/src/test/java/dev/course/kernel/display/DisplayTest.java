package dev.course.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_OUT)
class DisplayTest {

    private final List<Object> values = new ArrayList<>();
    private final List<MimeBundle> shown = new ArrayList<>();

    @AfterEach
    void disconnect() {
        Display.connect(null);
    }

    @Test
    void eachCallShowsOneBundleWithATextFallback() {
        Display.connect((value, bundle) -> {
            values.add(value);
            shown.add(bundle);
        });
        Renderable chart = () -> MimeBundle.svg("<svg/>", "a chart");

        Display.display(chart);
        Display.display(new int[][] {{1, 2}, {3}});
        Display.display(null);
        Display.html("<p>Hello <b>world</b></p>");
        Display.svg("<svg/>");
        Display.markdown("*hi*");

        assertSame(chart, values.getFirst(), "the displayed object is passed along");
        assertEquals("a chart", text(0));
        assertEquals("[[1, 2], [3]]", text(1));
        assertEquals("null", text(2));
        assertEquals("<p>Hello <b>world</b></p>", shown.get(3).data().get(MimeBundle.HTML));
        assertEquals("Hello world", text(3));
        assertEquals("<svg/>", shown.get(4).data().get(MimeBundle.SVG));
        assertEquals("*hi*", shown.get(5).data().get(MimeBundle.MARKDOWN));
    }

    @Test
    void aBufferedImageIsShownAsAPngOfTheSamePixels() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        image.setRGB(2, 1, 0x00ff00);

        MimeBundle bundle = Display.bundleOf(image);

        assertEquals("[image 3×2]", bundle.data().get(MimeBundle.TEXT));
        byte[] png = Base64.getDecoder().decode(bundle.data().get("image/png"));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(3, decoded.getWidth());
        assertEquals(2, decoded.getHeight());
        assertEquals(0xff0000, decoded.getRGB(0, 0) & 0xffffff);
        assertEquals(0x00ff00, decoded.getRGB(2, 1) & 0xffffff);
        assertEquals(0x000000, decoded.getRGB(1, 0) & 0xffffff);
        assertTrue(Display.hasRichForm(image));
        assertFalse(Display.hasRichForm("text"));
    }

    @Test
    void displayReturnsAnIdThatUpdatesAndClearsReachTheSink() {
        List<String> events = new ArrayList<>();
        Display.connect(new DisplaySink() {
            @Override
            public void show(Object value, MimeBundle bundle) {
                events.add("show " + bundle.data().get(MimeBundle.TEXT));
            }

            @Override
            public void show(Object value, MimeBundle bundle, String displayId) {
                events.add("show " + displayId + " " + bundle.data().get(MimeBundle.TEXT));
            }

            @Override
            public void update(String displayId, MimeBundle bundle) {
                events.add("update " + displayId + " " + bundle.data().get(MimeBundle.TEXT));
            }

            @Override
            public void clear(boolean wait) {
                events.add("clear " + wait);
            }
        });

        String bar = Display.display("0%");
        String other = Display.html("<b>x</b>");
        Display.updateDisplay(bar, "100%");
        Display.clearOutput(true);

        assertNotEquals(bar, other, "every display has its own id");
        assertEquals(List.of("show " + bar + " 0%", "show " + other + " x", "update " + bar + " 100%", "clear true"), events);
        assertThrows(NullPointerException.class, () -> Display.updateDisplay(null, "x"));
    }

    @Test
    void aSinkThatCannotUpdateShowsTheNewValue() {
        Display.connect((value, bundle) -> shown.add(bundle));
        String id = Display.display("before");
        Display.updateDisplay(id, "after");
        Display.clearOutput(false);
        assertEquals(List.of("before", "after"), shown.stream().map(b -> b.data().get(MimeBundle.TEXT)).toList());
    }

    @Test
    void aTableIsHtmlAndPaddedTextWithNumbersOnTheRight() {
        Display.connect((value, bundle) -> shown.add(bundle));
        Display.table(List.of("model", "recall@10"), List.of(List.of("bm25", 0.61), List.of("<hybrid>", 0.7)));

        MimeBundle table = shown.getFirst();
        assertEquals("""
                model     recall@10
                --------  ---------
                bm25           0.61
                <hybrid>        0.7""", table.data().get(MimeBundle.TEXT));
        String html = table.data().get(MimeBundle.HTML);
        assertTrue(html.startsWith("<table><thead><tr><th>model</th><th>recall@10</th></tr></thead>"), html);
        assertTrue(html.contains("<td>&lt;hybrid&gt;</td><td style=\"text-align:right\">0.7</td>"), "cells are escaped: " + html);
        assertThrows(IllegalArgumentException.class, () -> Display.table(List.of("a", "b"), List.of(List.of("only one"))));
    }

    @Test
    void aLongTableShowsItsFirstThousandRowsAndCountsTheRest() {
        Display.connect((value, bundle) -> shown.add(bundle));
        Display.table(List.of("i"), java.util.stream.IntStream.range(0, 1005).mapToObj(i -> List.of(i)).toList());
        String text = shown.getFirst().data().get(MimeBundle.TEXT);
        assertTrue(text.endsWith("\n999\n… and 5 more rows"), text.substring(text.length() - 40));
    }

    @Test
    void latexIsShownForJupyterToTypesetWithItsSourceAsText() {
        Display.connect((value, bundle) -> shown.add(bundle));
        Display.latex("$\\cos\\theta$");
        assertEquals("$\\cos\\theta$", shown.getFirst().data().get("text/latex"));
        assertEquals("$\\cos\\theta$", text(0));
    }

    @Test
    void latexWithoutDelimitersIsSentAsDisplayMathSoThatItIsTypeset() {
        Display.connect((value, bundle) -> shown.add(bundle));
        Display.latex("\\frac{a \\cdot b}{|a|\\,|b|}");
        Display.latex("\\begin{aligned} x &= 1 \\end{aligned}");
        Display.latex("cost \\(c\\) and \\[d\\]");
        assertEquals("$$\\frac{a \\cdot b}{|a|\\,|b|}$$", shown.get(0).data().get("text/latex"));
        assertEquals("\\frac{a \\cdot b}{|a|\\,|b|}", text(0), "the text is the source as given");
        assertEquals("\\begin{aligned} x &= 1 \\end{aligned}", shown.get(1).data().get("text/latex"));
        assertEquals("cost \\(c\\) and \\[d\\]", shown.get(2).data().get("text/latex"));
    }

    @Test
    void aBundleIsShownAsItIs() {
        MimeBundle bundle = MimeBundle.html("<i>x</i>", "x");
        assertSame(bundle, Display.bundleOf(bundle));
    }

    @Test
    void outsideAKernelTheTextIsPrinted() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Display.html("<b>bold</b>");
        } finally {
            System.setOut(original);
        }
        assertEquals("bold" + System.lineSeparator(), printed.toString(StandardCharsets.UTF_8));
    }

    private String text(int index) {
        return shown.get(index).data().get(MimeBundle.TEXT);
    }
}
