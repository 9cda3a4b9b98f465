package dev.course.engine.embed;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.display.Svg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A map of sentences: their 384-dimensional embeddings projected onto the plane that shows the
 * most of their spread (the first two principal components), drawn as labelled dots. Sentences
 * about the same thing land near each other; the axes themselves mean nothing in particular.
 *
 * <p>Principal components by power iteration on the covariance of the centred vectors: the first
 * direction is the one along which the points vary most, the second the next one at a right angle
 * to it. A flat picture of 384 dimensions always loses something: {@link #explained()} says how much
 * of the total variance the two axes keep.
 *
 * @param labels    the text of each point
 * @param points    x and y of each point
 * @param explained the share of the variance the two axes show, 0 to 1
 */
public record EmbeddingMap(List<String> labels, List<double[]> points, double explained) implements Renderable {

    private static final int ITERATIONS = 200;
    private static final String[] COLOURS = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"};

    public EmbeddingMap {
        labels = List.copyOf(labels);
        points = List.copyOf(points);
        if (labels.size() != points.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + points.size() + " points");
        }
    }

    /** Embeds {@code sentences} with {@code model} and maps them. */
    public static EmbeddingMap of(List<String> sentences, EmbeddingModel model) {
        Objects.requireNonNull(model, "model");
        return of(sentences, model.embedAll(sentences));
    }

    /** Maps vectors computed elsewhere, one per label. */
    public static EmbeddingMap of(List<String> labels, List<float[]> vectors) {
        if (vectors.size() < 2) {
            throw new IllegalArgumentException("a map needs at least two sentences");
        }
        int n = vectors.size();
        int dim = vectors.getFirst().length;
        double[] mean = new double[dim];
        for (float[] v : vectors) {
            for (int d = 0; d < dim; d++) {
                mean[d] += v[d] / n;
            }
        }
        double[][] centred = new double[n][dim];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                centred[i][d] = vectors.get(i)[d] - mean[d];
                total += centred[i][d] * centred[i][d];
            }
        }
        double[] first = component(centred, null);
        double[] second = component(centred, first);
        var points = new ArrayList<double[]>();
        double kept = 0;
        for (double[] row : centred) {
            double x = dot(row, first);
            double y = dot(row, second);
            points.add(new double[]{x, y});
            kept += x * x + y * y;
        }
        return new EmbeddingMap(labels, points, total == 0 ? 0 : kept / total);
    }

    /** The direction of largest variance of the rows, at a right angle to {@code orthogonalTo} if given. */
    private static double[] component(double[][] rows, double[] orthogonalTo) {
        int dim = rows[0].length;
        double[] v = new double[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = 1.0 / Math.sqrt(dim) * (1 + 0.01 * (d % 7));   // any start that is not special
        }
        for (int it = 0; it < ITERATIONS; it++) {
            if (orthogonalTo != null) {
                subtract(v, orthogonalTo, dot(v, orthogonalTo));
            }
            double[] next = new double[dim];       // covariance times v, as X^T (X v)
            for (double[] row : rows) {
                double p = dot(row, v);
                for (int d = 0; d < dim; d++) {
                    next[d] += p * row[d];
                }
            }
            double norm = Math.sqrt(dot(next, next));
            if (norm == 0) {
                break;
            }
            for (int d = 0; d < dim; d++) {
                v[d] = next[d] / norm;
            }
        }
        if (orthogonalTo != null) {
            subtract(v, orthogonalTo, dot(v, orthogonalTo));
        }
        return v;
    }

    private static void subtract(double[] v, double[] direction, double amount) {
        for (int d = 0; d < v.length; d++) {
            v[d] -= amount * direction[d];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The label of the point nearest to point {@code i} on the map (not in the full space). */
    public String nearestOnMap(int i) {
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int j = 0; j < points.size(); j++) {
            double dx = points.get(i)[0] - points.get(j)[0];
            double dy = points.get(i)[1] - points.get(j)[1];
            if (j != i && dx * dx + dy * dy < bestDistance) {
                bestDistance = dx * dx + dy * dy;
                best = j;
            }
        }
        return labels.get(best);
    }

    @Override
    public MimeBundle render() {
        int width = 640;
        int height = 420;
        int margin = 30;
        Svg.Extent extent = Svg.Extent.of(points);
        var svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' font-family='sans-serif' "
                        + "font-size='12' role='img' aria-label='embedding map of %d sentences'>", width, height, width, height, labels.size()));
        svg.append(String.format(Locale.ROOT, "<text x='8' y='16' fill='currentColor' opacity='0.7'>first two principal "
                + "components, %.0f%% of the variance</text>", explained * 100));
        for (int i = 0; i < points.size(); i++) {
            double x = extent.x(points.get(i)[0], margin, width - 2 * margin - 150);
            double y = extent.y(points.get(i)[1], margin + 10, height - 2 * margin - 10);
            String colour = COLOURS[i % COLOURS.length];
            String label = labels.get(i).length() > 40 ? labels.get(i).substring(0, 39) + "…" : labels.get(i);
            svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='5' fill='%s'/>", x, y, colour));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' fill='currentColor'>%s</text>", x + 8, y + 4,
                    escape(label)));
        }
        svg.append("</svg>");
        var text = new StringBuilder(String.format(Locale.ROOT, "embedding map (%.0f%% of the variance)%n", explained * 100));
        for (int i = 0; i < labels.size(); i++) {
            text.append(String.format(Locale.ROOT, "%8.3f %8.3f  %s%n", points.get(i)[0], points.get(i)[1], labels.get(i)));
        }
        return MimeBundle.svg(svg.toString(), text.toString());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }

    @Override
    public String toString() {
        return render().data().get(MimeBundle.TEXT);
    }
}
