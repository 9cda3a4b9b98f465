package dev.course.engine.generate.inspect;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.display.Svg;
import dev.course.engine.generate.sample.Candidate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Next-token probabilities as horizontal bars, one group per distribution, for comparing the same
 * candidates under different settings (for example temperatures, or before and after top-p).
 *
 * @param labels        one name per distribution, e.g. "T = 0.5"
 * @param tokens        the candidate tokens (rows)
 * @param probabilities {@code probabilities[distribution][row]}
 */
public record ProbabilityBars(List<String> labels, List<String> tokens, double[][] probabilities) implements Renderable {

    static final int ROW = 18, LABEL = 110, BAR = 150, GAP = 30, TOP = 34;

    public ProbabilityBars {
        labels = List.copyOf(labels);
        tokens = List.copyOf(tokens);
        if (probabilities.length != labels.size()) throw new IllegalArgumentException("one row of probabilities per label");
    }

    /** One distribution: the candidates with their probabilities. */
    public static ProbabilityBars of(String label, List<Candidate> candidates) {
        List<String> tokens = new ArrayList<>();
        double[] p = new double[candidates.size()];
        for (int i = 0; i < p.length; i++) {
            tokens.add(candidates.get(i).text());
            p[i] = candidates.get(i).probability();
        }
        return new ProbabilityBars(List.of(label), tokens, new double[][]{p});
    }

    @Override
    public MimeBundle render() {
        int groups = labels.size();
        int width = LABEL + groups * (BAR + GAP), height = TOP + tokens.size() * ROW + 10;
        var svg = new StringBuilder(Svg.open(width, height, "next-token probabilities"));
        for (int g = 0; g < groups; g++) {
            int x0 = LABEL + g * (BAR + GAP);
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='16' fill='currentColor' font-weight='bold'>%s</text>",
                    x0, Svg.escape(labels.get(g))));
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='currentColor' stroke-opacity='0.3'/>",
                    x0, TOP - 6, x0, TOP + tokens.size() * ROW));
            for (int r = 0; r < tokens.size(); r++) {
                double p = probabilities[g][r];
                int y = TOP + r * ROW;
                svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%s' height='%d' fill='%s'/>",
                        x0, y, Svg.f(Math.max(p > 0 ? 1 : 0, p * BAR)), ROW - 5, Svg.series(g)));
                svg.append(String.format(Locale.ROOT, "<text x='%s' y='%d' fill='currentColor'>%s</text>",
                        Svg.f(x0 + p * BAR + 4), y + ROW - 7, p == 0 ? "0" : String.format(Locale.ROOT, "%.2f", p)));
            }
        }
        for (int r = 0; r < tokens.size(); r++) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' text-anchor='end' font-family='monospace'>%s</text>",
                    LABEL - 6, TOP + r * ROW + ROW - 7, Svg.escape("'" + Svg.visible(tokens.get(r)) + "'")));
        }
        svg.append("</svg>");
        return MimeBundle.svg(svg.toString(), text());
    }

    public String text() {
        var out = new StringBuilder(String.format(Locale.ROOT, "%-14s", "token"));
        for (String l : labels) out.append(String.format(Locale.ROOT, "%12s", l));
        out.append('\n');
        for (int r = 0; r < tokens.size(); r++) {
            out.append(String.format(Locale.ROOT, "%-14s", "'" + tokens.get(r) + "'"));
            for (double[] p : probabilities) out.append(String.format(Locale.ROOT, "%12.3f", p[r]));
            out.append('\n');
        }
        return out.toString();
    }
}
