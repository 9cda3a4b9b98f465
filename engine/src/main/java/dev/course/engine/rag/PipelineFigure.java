package dev.course.engine.rag;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.table.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The RAG pipeline drawn as a row of stages, each labelled with what it did to <em>this</em> question:
 * the source it was routed to, the queries, the passages per step, the answerer, the checks. Colours
 * follow the page's palette (Okabe–Ito), ink is {@code currentColor}, so it works in both themes.
 *
 * @param stages the boxes, left to right
 */
public record PipelineFigure(List<Stage> stages) implements Renderable {

    /** One box: a title and up to three short lines under it; {@code alarm} paints it orange. */
    public record Stage(String title, List<String> lines, boolean alarm) {
        public Stage {
            lines = List.copyOf(lines);
        }
    }

    public static final int BOX_WIDTH = 150;
    public static final int GAP = 26;
    public static final int HEIGHT = 132;

    public PipelineFigure {
        stages = List.copyOf(stages);
    }

    /** The figure for one result. */
    public static PipelineFigure of(RagResult r) {
        var stages = new ArrayList<Stage>();
        stages.add(new Stage("question", wrap(r.question(), 3), false));
        stages.add(new Stage("route", List.of(String.join(", ", r.routing().chosen()),
                String.format(Locale.ROOT, "score %.2f", r.routing().scores().getFirst().score())), false));
        stages.add(new Stage("rewrite", r.rewrite().queries().stream().map(q -> shorten(q, 22)).limit(3).toList(), false));
        var retrieve = new ArrayList<String>();
        for (MultiStepRetriever.Step s : r.steps()) {
            if (retrieve.size() < 3) retrieve.add("step " + s.number() + ": +" + s.newPassages() + " passages");
        }
        stages.add(new Stage("retrieve", retrieve, false));
        stages.add(new Stage("answer", List.of(shorten(r.answer().answerer(), 22),
                r.answer().abstained() ? "abstained" : r.answer().citations().size() + " citations"), false));
        long passed = r.checks().checks().stream().filter(GroundingChecks.Check::passed).count();
        stages.add(new Stage("check", List.of(passed + "/" + r.checks().checks().size() + " passed",
                r.checks().flagged() ? "FLAGGED" : "grounded"), r.checks().flagged()));
        return new PipelineFigure(stages);
    }

    /** The SVG. */
    public String svg() {
        int width = stages.size() * (BOX_WIDTH + GAP) - GAP + 20;
        var svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "viewBox='0 0 %d %d' font-family='sans-serif' font-size='12' role='img'>", width, HEIGHT, width, HEIGHT));
        svg.append("<title>").append(Table.escape(description())).append("</title>");
        svg.append("<defs><marker id='rag-arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' "
                + "orient='auto'><path d='M0,0 L10,5 L0,10 z' fill='currentColor'/></marker></defs>");
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            int x = 10 + i * (BOX_WIDTH + GAP);
            String colour = s.alarm() ? "var(--fig-orange, #d55e00)" : i == 0 ? "var(--fig-green, #009e73)" : "var(--fig-blue, #0072b2)";
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='16' width='%d' height='%d' rx='8' fill='none' "
                    + "stroke='%s' stroke-width='2'/>", x, BOX_WIDTH, HEIGHT - 32, colour));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='36' text-anchor='middle' font-weight='bold' "
                    + "fill='%s'>%s</text>", x + BOX_WIDTH / 2, colour, Table.escape(s.title())));
            for (int l = 0; l < s.lines().size(); l++) {
                svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle' fill='currentColor'>%s</text>",
                        x + BOX_WIDTH / 2, 60 + 18 * l, Table.escape(shorten(s.lines().get(l), 24))));
            }
            if (i + 1 < stages.size()) {
                svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='currentColor' "
                        + "stroke-width='1.5' marker-end='url(#rag-arrow)'/>", x + BOX_WIDTH + 2, HEIGHT / 2,
                        x + BOX_WIDTH + GAP - 2, HEIGHT / 2));
            }
        }
        return svg.append("</svg>").toString();
    }

    /** The figure in words (its text alternative). */
    public String description() {
        return String.join(" → ", stages.stream().map(s -> s.title() + " (" + String.join("; ", s.lines()) + ")").toList());
    }

    @Override
    public MimeBundle render() {
        return MimeBundle.svg(svg(), description());
    }

    private static List<String> wrap(String text, int maxLines) {
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() + word.length() + 1 > 22 && !line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        if (!line.isEmpty()) lines.add(line.toString());
        if (lines.size() > maxLines) {
            lines = new ArrayList<>(lines.subList(0, maxLines));
            lines.set(maxLines - 1, shorten(lines.get(maxLines - 1) + " …", 24));
        }
        return lines;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
