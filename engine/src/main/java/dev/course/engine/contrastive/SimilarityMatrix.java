package dev.course.engine.contrastive;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.display.Svg;

import java.util.List;
import java.util.Locale;

/**
 * A batch as the contrastive loss sees it: a row per query, a column per passage, query {@code i}'s
 * answer in column {@code i} (outlined: the diagonal is what training pulls up). Each cell shows the
 * dot product; its shade is the softmax probability of that passage for that query at the loss's
 * temperature, so a row that is dark only on the diagonal costs almost nothing and a row with a dark
 * cell elsewhere is what the loss is made of.
 *
 * @param queries  a short label per row
 * @param passages a short label per column
 * @param loss     the batch's scores and probabilities
 */
public record SimilarityMatrix(List<String> queries, List<String> passages, InBatchLoss loss) implements Renderable {

    static final int CELL_W = 58, CELL_H = 24, LABEL = 230, TOP = 150;

    public SimilarityMatrix {
        queries = List.copyOf(queries);
        passages = List.copyOf(passages);
        if (loss.scores().length != queries.size() || (queries.size() > 0 && loss.scores()[0].length != passages.size())) {
            throw new IllegalArgumentException("labels for " + queries.size() + " x " + passages.size()
                    + " but the loss has " + loss.scores().length + " rows");
        }
    }

    @Override
    public MimeBundle render() {
        int rows = queries.size(), cols = passages.size();
        int width = LABEL + cols * CELL_W + 150, height = TOP + rows * CELL_H + 50;   // room for the slanted labels
        var svg = new StringBuilder(Svg.open(width, height, "similarity of every query with every passage of a batch"));
        svg.append(String.format(Locale.ROOT, "<text x='4' y='14' fill='currentColor' font-weight='bold'>%s</text>",
                Svg.escape(String.format(Locale.ROOT, "one batch: loss %.3f, temperature %.2f", loss.loss(), loss.temperature()))));
        svg.append(String.format(Locale.ROOT, "<text x='4' y='%d' fill='currentColor' opacity='0.7'>query ↓  passage →</text>", TOP - 6));
        for (int j = 0; j < cols; j++) {
            int x = LABEL + j * CELL_W + CELL_W / 2;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' transform='rotate(-40 %d %d)'>%s</text>",
                    x, TOP - 6, x, TOP - 6, Svg.escape(shorten(passages.get(j), 30))));
        }
        for (int i = 0; i < rows; i++) {
            int y = TOP + i * CELL_H;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' text-anchor='end'>%s</text>",
                    LABEL - 6, y + CELL_H / 2 + 4, Svg.escape(shorten(queries.get(i), 36))));
            for (int j = 0; j < cols; j++) {
                int x = LABEL + j * CELL_W;
                double p = loss.probabilities()[i][j];
                svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='%s' fill-opacity='%.3f'%s>"
                                + "<title>%s / %s: dot %.3f, probability %.3f</title></rect>",
                        x, y, CELL_W - 2, CELL_H - 2, Svg.BLUE, 0.05 + 0.9 * p,
                        i == j ? " stroke='" + Svg.ORANGE + "' stroke-width='2'" : "",
                        Svg.escape(queries.get(i)), Svg.escape(passages.get(j)), loss.scores()[i][j], p));
                svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle' fill='currentColor'>%.2f</text>",
                        x + CELL_W / 2 - 1, y + CELL_H / 2 + 4, loss.scores()[i][j]));
            }
        }
        int legendY = TOP + rows * CELL_H + 14;
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' opacity='0.8'>numbers: dot product;"
                + " shade: softmax probability in the row</text>", LABEL, legendY));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' opacity='0.8'>outlined: the query's own passage</text>",
                LABEL, legendY + 16));
        svg.append("</svg>");
        return MimeBundle.svg(svg.toString(), text());
    }

    /** Each query with its own passage's probability and the passage the model likes best. */
    public String text() {
        var out = new StringBuilder(String.format(Locale.ROOT, "loss %.4f, in-batch accuracy %.3f%n", loss.loss(), loss.accuracy()));
        for (int i = 0; i < queries.size(); i++) {
            int best = 0;
            for (int j = 1; j < passages.size(); j++) {
                if (loss.scores()[i][j] > loss.scores()[i][best]) best = j;
            }
            out.append(String.format(Locale.ROOT, "%-40s p(own) %.3f  best: %s%n", shorten(queries.get(i), 40),
                    loss.probabilities()[i][i], shorten(passages.get(best), 40)));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    private static String shorten(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }
}
