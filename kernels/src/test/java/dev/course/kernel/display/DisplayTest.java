package dev.course.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
