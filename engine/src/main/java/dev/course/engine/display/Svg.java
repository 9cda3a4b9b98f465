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

    /**
     * The smallest box around some 2-D points, and how to place a point inside a drawing area: x grows
     * to the right, y upwards (SVG's y grows downwards, so it is flipped). A box with no width or height
     * is widened a hair, so one point or a line of points still lands in the area.
     */
    public record Extent(double minX, double maxX, double minY, double maxY) {

        public static Extent of(java.util.List<double[]> points) {
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (double[] p : points) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
            return new Extent(minX, maxX, minY, maxY);
        }

        /** Where {@code x} falls in an area starting at {@code from} and {@code length} wide. */
        public double x(double x, double from, double length) {
            return from + (x - minX) / Math.max(1e-9, maxX - minX) * length;
        }

        /** Where {@code y} falls in an area starting at {@code from} and {@code length} high, largest on top. */
        public double y(double y, double from, double length) {
            return from + (maxY - y) / Math.max(1e-9, maxY - minY) * length;
        }
    }
}
