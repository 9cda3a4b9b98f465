package dev.course.engine.display;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Horizontal bars, grouped: one group per category (a pipeline, a chunking strategy...), one bar per
 * series (a metric) in the series' colour, each with its value written at its end. For comparing a few
 * numbers across a few settings, where a table makes the reader do the comparing.
 *
 * <p>All series share one axis from 0 to {@code max}, so use it for numbers of one kind (shares
 * between 0 and 1, say); draw a second chart for another unit.
 *
 * @param title      drawn above the chart
 * @param categories the groups, top to bottom
 * @param series     the bars of each group, each with one value per category
 * @param max        the value at the right end of the axis
 * @param format     how values are written, e.g. {@code "%.3f"}
 */
public record BarChart(String title, List<String> categories, List<Series> series, double max, String format) implements Renderable {

    /** One metric: its name (in the legend) and its value for each category. */
    public record Series(String name, List<Double> values) {
        public Series {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }
    }

    static final int LABEL = 260, BAR_AREA = 360, BAR = 14, GAP = 10, TOP = 44;

    public BarChart {
        Objects.requireNonNull(title, "title");
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        Objects.requireNonNull(format, "format");
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a bar chart needs at least one series");
        }
        for (Series s : series) {
            if (s.values().size() != categories.size()) {
                throw new IllegalArgumentException("series '" + s.name() + "' has " + s.values().size()
                        + " values for " + categories.size() + " categories");
            }
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException("max must be > 0, got " + max);
        }
    }

    @Override
    public MimeBundle render() {
        return MimeBundle.svg(svg(), toString());
    }

    /** The chart as an SVG element, to embed in a page of its own. */
    public String svg() {
        int group = series.size() * BAR + GAP;
        int width = LABEL + BAR_AREA + 80, height = TOP + categories.size() * group + 10;
        var svg = new StringBuilder(Svg.open(width, height, title));
        svg.append(String.format(Locale.ROOT, "<text x='4' y='14' fill='currentColor' font-weight='bold'>%s</text>", Svg.escape(title)));
        int x = LABEL;
        for (int s = 0; s < series.size(); s++) {
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='24' width='12' height='10' fill='%s'/>"
                    + "<text x='%d' y='33' fill='currentColor'>%s</text>", x, Svg.series(s), x + 16, Svg.escape(series.get(s).name())));
            x += 24 + 7 * series.get(s).name().length();
        }
        for (int c = 0; c < categories.size(); c++) {
            int y = TOP + c * group;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' text-anchor='end'>%s</text>",
                    LABEL - 8, y + series.size() * BAR / 2 + 4, Svg.escape(categories.get(c))));
            for (int s = 0; s < series.size(); s++) {
                double value = series.get(s).values().get(c);
                int length = (int) Math.round(BAR_AREA * Math.max(0, Math.min(value, max)) / max);
                int barY = y + s * BAR;
                svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='%s'>"
                                + "<title>%s, %s: %s</title></rect>", LABEL, barY, Math.max(1, length), BAR - 2, Svg.series(s),
                        Svg.escape(categories.get(c)), Svg.escape(series.get(s).name()), value(value)));
                svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' font-size='10'>%s</text>",
                        LABEL + length + 4, barY + BAR - 4, value(value)));
            }
        }
        return svg.append("</svg>").toString();
    }

    private String value(double v) {
        return String.format(Locale.ROOT, format, v);
    }

    /** The numbers, a line per category. */
    @Override
    public String toString() {
        var out = new StringBuilder(title).append('\n');
        int width = categories.stream().mapToInt(String::length).max().orElse(0);
        for (int c = 0; c < categories.size(); c++) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s", categories.get(c)));
            for (Series s : series) {
                out.append("  ").append(s.name()).append(' ').append(value(s.values().get(c)));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
