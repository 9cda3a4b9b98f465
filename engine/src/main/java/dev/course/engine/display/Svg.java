package dev.course.engine.display;

import java.util.Locale;

/**
 * Small helpers shared by the engine's SVG figures and charts (the attention heatmap, the KV-cache
 * timing, recall against speed...): the opening tag, escaping, number formatting, and the page's
 * colour-blind-safe palette. Ink is {@code currentColor} in every figure, so they follow the light
 * and dark themes.
 */
public final class Svg {

    /** Okabe–Ito colours through the page's variables, with fallbacks for notebooks. */
    public static final String BLUE = "var(--fig-blue, #0072b2)";
    public static final String ORANGE = "var(--fig-orange, #d55e00)";
    public static final String GREEN = "var(--fig-green, #009e73)";
    public static final String PURPLE = "var(--fig-purple, #cc79a7)";
    private static final String[] SERIES = {BLUE, ORANGE, GREEN, PURPLE};

    private Svg() {
    }

    /** The colour of series {@code i} of a chart: blue, orange, green, purple, then round again. */
    public static String series(int i) {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }

    public static String open(int width, int height, String label) {
        return String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='11' role='img' aria-label='%s'>", width, height, width, height, escape(label));
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }

    /** A token made visible: spaces as '·', newlines as '⏎', tabs as '⇥'. */
    public static String visible(String token) {
        return token.replace(' ', '·').replace("\n", "⏎").replace("\t", "⇥");
    }

    public static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
