package dev.course.engine.generate.inspect;

import java.util.Locale;

/** Small helpers shared by the figures: escaping, number formatting, and the page's colour-blind-safe palette. */
final class Svg {

    /** Okabe–Ito colours through the page's variables, with fallbacks for notebooks. */
    static final String BLUE = "var(--fig-blue, #0072b2)";
    static final String ORANGE = "var(--fig-orange, #d55e00)";
    static final String GREEN = "var(--fig-green, #009e73)";
    static final String PURPLE = "var(--fig-purple, #cc79a7)";
    static final String[] SERIES = {BLUE, ORANGE, GREEN, PURPLE};

    private Svg() {
    }

    static String open(int width, int height, String label) {
        return String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='11' role='img' aria-label='%s'>", width, height, width, height, escape(label));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }

    /** A token made visible: spaces as '·', newlines as '⏎', tabs as '⇥'. */
    static String visible(String token) {
        return token.replace(' ', '·').replace("\n", "⏎").replace("\t", "⇥");
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
