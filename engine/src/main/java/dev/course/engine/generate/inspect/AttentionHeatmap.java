package dev.course.engine.generate.inspect;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.display.Svg;

import java.util.List;
import java.util.Locale;

/**
 * One attention head as a heatmap: a row per token asking (the query), a column per token it can
 * look at (the key); the darker the cell, the more weight. Above the diagonal is the future, which a
 * decoder never sees. The colour is one hue at varying opacity, which reads the same for every kind
 * of colour vision and in light and dark themes.
 *
 * @param tokens  the tokens, in order
 * @param weights {@code weights[query][key]}, each row summing to 1 over {@code key <= query}
 * @param title   for example "layer 1, head 3"
 */
public record AttentionHeatmap(List<String> tokens, float[][] weights, String title) implements Renderable {

    static final int CELL = 22, LABEL = 90, TOP = 96;

    public AttentionHeatmap {
        tokens = List.copyOf(tokens);
        if (weights.length != tokens.size()) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + weights.length + " rows of weights");
        }
    }

    @Override
    public MimeBundle render() {
        int n = tokens.size();
        int width = LABEL + n * CELL + 10, height = TOP + n * CELL + 24;
        var svg = new StringBuilder(Svg.open(width, height, "attention heatmap, " + title));
        svg.append(String.format(Locale.ROOT, "<text x='4' y='14' fill='currentColor' font-weight='bold'>%s</text>", Svg.escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x='4' y='%d' fill='currentColor' opacity='0.7'>query ↓  key →</text>", TOP - 6));
        for (int i = 0; i < n; i++) {
            String label = Svg.escape(Svg.visible(shorten(tokens.get(i))));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' text-anchor='end' font-family='monospace'>%s</text>",
                    LABEL - 4, TOP + i * CELL + CELL / 2 + 4, label));
            int x = LABEL + i * CELL + CELL / 2 + 4;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' font-family='monospace' "
                    + "transform='rotate(-60 %d %d)'>%s</text>", x, TOP - 4, x, TOP - 4, label));
        }
        svg.append("<g>");
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < n; k++) {
                int x = LABEL + k * CELL, y = TOP + q * CELL;
                if (k > q) {
                    svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='currentColor' fill-opacity='0.04'/>",
                            x, y, CELL - 1, CELL - 1));
                } else {
                    float w = k < weights[q].length ? weights[q][k] : 0;
                    svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='%s' fill-opacity='%.3f'>"
                                    + "<title>%s → %s: %.3f</title></rect>", x, y, CELL - 1, CELL - 1, Svg.BLUE, 0.06 + 0.94 * w,
                            Svg.escape(Svg.visible(tokens.get(q))), Svg.escape(Svg.visible(tokens.get(k))), w));
                }
            }
        }
        svg.append("</g>");
        int legendY = TOP + n * CELL + 8;
        for (int i = 0; i <= 4; i++) {
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='16' height='10' fill='%s' fill-opacity='%.2f'/>",
                    LABEL + i * 18, legendY, Svg.BLUE, 0.06 + 0.94 * i / 4.0));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor'>weight 0 → 1</text>", LABEL + 5 * 18 + 4, legendY + 9));
        svg.append("</svg>");
        return MimeBundle.svg(svg.toString(), text());
    }

    private static String shorten(String token) {
        return token.length() > 10 ? token.substring(0, 9) + "…" : token;
    }

    /** Each query's strongest key, as text. */
    public String text() {
        var out = new StringBuilder(title).append('\n');
        for (int q = 0; q < tokens.size(); q++) {
            int best = 0;
            for (int k = 1; k <= q && k < weights[q].length; k++) if (weights[q][k] > weights[q][best]) best = k;
            out.append(String.format(Locale.ROOT, "%-12s -> %-12s %.2f%n", "'" + tokens.get(q) + "'", "'" + tokens.get(best) + "'",
                    weights[q][best]));
        }
        return out.toString();
    }
}
