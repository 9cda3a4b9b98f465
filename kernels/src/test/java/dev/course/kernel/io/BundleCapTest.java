package dev.course.kernel.io;

import dev.course.engine.display.MimeBundle;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleCapTest {

    @Test
    void aBundleThatFitsIsKeptAsItIs() {
        MimeBundle small = MimeBundle.html("<b>hi</b>", "hi");
        assertSame(small, new BundleCap(100).apply(small));
    }

    @Test
    void aLargeBundleBecomesTheStartOfItsTextAndANote() {
        MimeBundle large = MimeBundle.html("<p>" + "y".repeat(500) + "</p>", "x".repeat(500));
        MimeBundle capped = new BundleCap(100).apply(large);
        assertEquals(java.util.Set.of(MimeBundle.TEXT), capped.data().keySet(), "only plain text is left");
        String text = capped.data().get(MimeBundle.TEXT);
        assertTrue(text.startsWith("x".repeat(100) + "\n[result cut: it was 1007 characters"), text);
        assertTrue(text.length() < 200, text);
    }

    @Test
    void theLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new BundleCap(0));
    }
}
