package dev.course.engine.bench;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.display.Svg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link KnnBenchmark.Result} drawn the way approximate search is usually compared: recall@10
 * across, queries per second up, one line per index through its candidate counts (each point
 * labelled with its count), and exact search as a dashed line (its recall is 1 by definition). Up
 * and to the right is better; the slope shows what each step of recall costs in speed.
 *
 * <p>The text form, for notebooks without SVG, is the benchmark's table.
 */
public record RecallSpeedChart(KnnBenchmark.Result result) implements Renderable {

    static final int WIDTH = 560, HEIGHT = 320, LEFT = 72, RIGHT = 24, TOP = 20, BOTTOM = 44;

    public RecallSpeedChart {
        if (result.rows().isEmpty()) {
            throw new IllegalArgumentException("the benchmark has no rows to draw");
        }
    }

    @Override
    public MimeBundle render() {
        List<KnnBenchmark.Row> rows = result.rows();
        double exactQps = rows.stream().mapToDouble(KnnBenchmark.Row::exactQps).max().orElseThrow();
        double qpsStep = roundStep(Math.max(exactQps, rows.stream().mapToDouble(KnnBenchmark.Row::hnswQps).max().orElseThrow()) / 4);
        double maxQps = qpsStep * Math.ceil(Math.max(exactQps, rows.stream().mapToDouble(KnnBenchmark.Row::hnswQps).max().orElseThrow())
                * 1.1 / qpsStep);
        double minRecall = rows.stream().mapToDouble(KnnBenchmark.Row::recallAt10).min().orElseThrow();
        double step = roundStep(Math.max(0.01, (1 - minRecall) / 4));
        double xFrom = Math.max(0, Math.floor((minRecall - step / 2) / step) * step);
        int plotBottom = HEIGHT - BOTTOM, plotRight = WIDTH - RIGHT;

        var svg = new StringBuilder(Svg.open(WIDTH, HEIGHT, "recall@10 against queries per second"));
        svg.append(String.format(Locale.ROOT, "<g stroke='currentColor' stroke-opacity='0.4'><line x1='%d' y1='%d' x2='%d' y2='%d'/>"
                + "<line x1='%d' y1='%d' x2='%d' y2='%d'/></g>", LEFT, TOP, LEFT, plotBottom, LEFT, plotBottom, plotRight, plotBottom));
        svg.append("<g fill='currentColor'>");
        for (int i = 0; xFrom + i * step <= 1.0001; i++) {
            double recall = xFrom + i * step;
            svg.append(String.format(Locale.ROOT, "<text x='%s' y='%d' text-anchor='middle'>%.2f</text>",
                    Svg.f(x(recall, xFrom)), plotBottom + 14, recall));
        }
        for (int i = 0; i * qpsStep <= maxQps + qpsStep / 2; i++) {
            double qps = i * qpsStep;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%s' text-anchor='end'>%,.0f</text>", LEFT - 5, Svg.f(y(qps, maxQps) + 4), qps));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>recall@10 (share of the exact top 10 found)</text>",
                (LEFT + plotRight) / 2, HEIGHT - 8));
        svg.append(String.format(Locale.ROOT, "<text transform='translate(14 %d) rotate(-90)' text-anchor='middle'>queries per second</text>",
                (TOP + plotBottom) / 2));
        svg.append("</g>");

        // Exact search, labelled at the left: the low-recall end, where HNSW points sit high above it.
        double exactY = y(exactQps, maxQps);
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%s' x2='%d' y2='%s' stroke='currentColor' stroke-dasharray='5 4' "
                + "stroke-opacity='0.7'/><text x='%d' y='%s' fill='currentColor'>exact search: %,.0f queries/s</text>",
                LEFT, Svg.f(exactY), plotRight, Svg.f(exactY), LEFT + 6, Svg.f(exactY - 5), exactQps));

        Map<String, List<KnnBenchmark.Row>> byIndex = new LinkedHashMap<>();
        rows.forEach(r -> byIndex.computeIfAbsent(r.index(), k -> new ArrayList<>()).add(r));
        int s = 0;
        for (var entry : byIndex.entrySet()) {
            String colour = Svg.series(s);
            svg.append("<polyline fill='none' stroke-width='2' stroke='").append(colour).append("' points='");
            for (KnnBenchmark.Row r : entry.getValue()) {
                svg.append(Svg.f(x(r.recallAt10(), xFrom))).append(',').append(Svg.f(y(r.hnswQps(), maxQps))).append(' ');
            }
            svg.append("'/>");
            for (KnnBenchmark.Row r : entry.getValue()) {
                double px = x(r.recallAt10(), xFrom), py = y(r.hnswQps(), maxQps);
                svg.append(String.format(Locale.ROOT, "<circle cx='%s' cy='%s' r='3.5' fill='%s'><title>%d candidates: recall@10 %.3f, "
                        + "%,.0f queries/s</title></circle><text x='%s' y='%s' text-anchor='end' fill='currentColor'>%d</text>",
                        Svg.f(px), Svg.f(py), colour, r.candidates(), r.recallAt10(), r.hnswQps(), Svg.f(px - 6), Svg.f(py - 6), r.candidates()));
            }
            // The legend sits in the top right corner: high recall at high speed, where no real index reaches.
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='14' height='3' fill='%s'/>"
                    + "<text x='%d' y='%d' text-anchor='end' fill='currentColor'>HNSW %s</text>",
                    plotRight - 14, TOP + 2 + 16 * s, colour, plotRight - 20, TOP + 7 + 16 * s, Svg.escape(entry.getKey())));
            s++;
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end' fill='currentColor' fill-opacity='0.8'>"
                + "point labels: candidates</text>", plotRight, TOP + 7 + 16 * s));
        svg.append("</svg>");
        return MimeBundle.svg(svg.toString(), result.table().toString());
    }

    /** A step of 1, 2 or 5 times a power of ten, at least {@code rough}: the steps of a readable axis. */
    static double roundStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[]{1, 2, 5}) {
            if (m * power >= rough) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static double x(double recall, double from) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (recall - from) / (1 - from);
    }

    private static double y(double qps, double max) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * qps / max;
    }
}
