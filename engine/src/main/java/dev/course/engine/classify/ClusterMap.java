package dev.course.engine.classify;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.display.Svg;
import dev.course.engine.embed.EmbeddingMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Many embeddings on one flat map, each dot coloured by its group (a cluster, or a known label),
 * with a legend instead of a label per dot: with hundreds of points, colours show the structure
 * and words would only overlap. The map is the one {@link EmbeddingMap} draws (the first two
 * principal components), so the same caveat holds: two axes keep only part of the spread.
 *
 * @param groups    the group of each point
 * @param points    x and y of each point
 * @param explained the share of the variance the two axes show, 0 to 1
 */
public record ClusterMap(List<String> groups, List<double[]> points, double explained) implements Renderable {

    /** Okabe–Ito, colour-blind safe, then two greys. */
    private static final String[] COLOURS = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
            "#f0e442", "#000000", "#999999"};

    public ClusterMap {
        groups = List.copyOf(groups);
        points = List.copyOf(points);
        if (groups.size() != points.size()) {
            throw new IllegalArgumentException(groups.size() + " groups for " + points.size() + " points");
        }
    }

    /** Projects {@code vectors} onto their first two principal components and colours each by its group. */
    public static ClusterMap of(List<String> groups, List<float[]> vectors) {
        EmbeddingMap map = EmbeddingMap.of(groups, vectors);
        return new ClusterMap(groups, map.points(), map.explained());
    }

    /** Colours points by the clusters of {@code clustering}, each named after its most common label. */
    public static ClusterMap of(KMeans.Clustering clustering, List<String> labels, List<float[]> vectors) {
        List<String> names = clustering.majorityLabels(labels);
        var groups = new ArrayList<String>();
        for (int c : clustering.assignment()) {
            groups.add("cluster " + (c + 1) + " (mostly " + names.get(c) + ")");
        }
        return of(groups, vectors);
    }

    /** The groups in legend order, each with how many points it has. */
    public Map<String, Integer> legend() {
        Map<String, Integer> legend = new TreeMap<>();
        groups.forEach(g -> legend.merge(g, 1, Integer::sum));
        return legend;
    }

    @Override
    public MimeBundle render() {
        int width = 640;
        int height = 420;
        int plotWidth = 400;
        int margin = 20;
        Map<String, Integer> legend = legend();
        List<String> names = new ArrayList<>(legend.keySet());
        Svg.Extent extent = Svg.Extent.of(points);
        var svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='100%%' style='max-width:%dpx' "
                        + "font-family='sans-serif' font-size='12' role='img' aria-label='map of %d embeddings in %d groups'>",
                width, height, width, points.size(), names.size()));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='14' fill='currentColor' opacity='0.7'>first two principal "
                + "components, %.0f%% of the variance</text>", margin, explained * 100));
        for (int i = 0; i < points.size(); i++) {
            double x = extent.x(points.get(i)[0], margin, plotWidth - 2 * margin);
            double y = extent.y(points.get(i)[1], 30, height - 30 - margin);
            svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3.5' fill='%s' fill-opacity='0.8'/>",
                    x, y, colour(names.indexOf(groups.get(i)))));
        }
        for (int g = 0; g < names.size(); g++) {
            int y = 40 + g * 20;
            svg.append(String.format(Locale.ROOT, "<circle cx='%d' cy='%d' r='5' fill='%s'/>", plotWidth + 10, y - 4, colour(g)));
            String name = names.get(g).length() > 34 ? names.get(g).substring(0, 33) + "…" : names.get(g);
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor'>%s (%d)</text>",
                    plotWidth + 20, y, escape(name), legend.get(names.get(g))));
        }
        svg.append("</svg>");
        var text = new StringBuilder(String.format(Locale.ROOT, "map of %d embeddings (%.0f%% of the variance)%n",
                points.size(), explained * 100));
        legend.forEach((group, count) -> text.append(String.format(Locale.ROOT, "%5d  %s%n", count, group)));
        return MimeBundle.svg(svg.toString(), text.toString());
    }

    private static String colour(int group) {
        return COLOURS[group % COLOURS.length];
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }

    @Override
    public String toString() {
        return render().data().get(MimeBundle.TEXT);
    }
}
