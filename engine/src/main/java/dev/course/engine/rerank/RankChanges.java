package dev.course.engine.rerank;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.search.SearchResults;
import dev.course.engine.table.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Two rankings of the same query side by side, with a line from each chunk's place before to its
 * place after: what a reranker (or a fusion) did. Lines going up are blue, down orange, level grey;
 * a chunk that left the top {@code n} ends at the bottom edge, one that entered starts there.
 * Relevant chunks, if given, are marked with a filled dot.
 *
 * @param before   the first ranking
 * @param after    the second ranking
 * @param n        how many ranks to show on each side
 * @param relevant document ids judged relevant (may be empty)
 */
public record RankChanges(SearchResults before, SearchResults after, int n, Set<String> relevant) implements Renderable {

    public static final int DEFAULT_N = 10;

    public RankChanges {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        relevant = Set.copyOf(relevant);
    }

    public static RankChanges of(SearchResults before, SearchResults after) {
        return new RankChanges(before, after, DEFAULT_N, Set.of());
    }

    /** The same picture with relevant documents marked. */
    public RankChanges withRelevant(Set<String> relevantDocuments) {
        return new RankChanges(before, after, n, relevantDocuments);
    }

    /** Rank (1-based) of each chunk id in {@code results}, up to {@code n}. */
    private Map<String, Integer> ranks(SearchResults results) {
        var out = new HashMap<String, Integer>();
        for (int i = 0; i < Math.min(n, results.size()); i++) {
            out.put(results.get(i).chunk().id(), i + 1);
        }
        return out;
    }

    /** How far {@code chunkId} moved up (positive) or down; null if it is not in both top n. */
    public Integer moved(String chunkId) {
        Integer was = ranks(before).get(chunkId);
        Integer is = ranks(after).get(chunkId);
        return was == null || is == null ? null : was - is;
    }

    @Override
    public MimeBundle render() {
        int rowHeight = 24;
        List<String> leftHeader = headerLines(before.method());
        List<String> rightHeader = headerLines(after.method());
        int headerLines = Math.max(leftHeader.size(), rightHeader.size());
        int top = 24 + HEADER_LINE_HEIGHT * headerLines;
        int width = 720;
        int height = top + (n + 1) * rowHeight;
        int leftX = 300;
        int rightX = 420;
        Map<String, Integer> was = ranks(before);
        Map<String, Integer> is = ranks(after);
        var svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' font-family='sans-serif' "
                        + "font-size='12' role='img' aria-label='rank changes'>", width, height, width, height));
        header(svg, leftHeader, leftX, "end");
        header(svg, rightHeader, rightX, "start");
        var ids = new ArrayList<String>(was.keySet());
        is.keySet().stream().filter(id -> !was.containsKey(id)).forEach(ids::add);
        for (String id : ids) {
            int from = was.getOrDefault(id, n + 1);
            int to = is.getOrDefault(id, n + 1);
            String colour = to < from ? "#0072b2" : to > from ? "#d55e00" : "#999999";
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='2'/>",
                    leftX + 8, y(top, rowHeight, from), rightX - 8, y(top, rowHeight, to), colour));
        }
        label(svg, before, leftX, top, rowHeight, true);
        label(svg, after, rightX, top, rowHeight, false);
        svg.append("</svg>");

        var rows = new ArrayList<List<String>>();
        for (String id : ids) {
            Integer from = was.get(id);
            Integer to = is.get(id);
            rows.add(List.of(id, from == null ? "-" : from.toString(), to == null ? "-" : to.toString(),
                    relevant.isEmpty() ? "" : isRelevant(id) ? "yes" : ""));
        }
        String text = new Table("rank changes", List.of("chunk", "before", "after", "relevant"), rows).toString();
        return MimeBundle.svg(svg.toString(), text);
    }

    private void label(StringBuilder svg, SearchResults results, int x, int top, int rowHeight, boolean left) {
        for (int i = 0; i < Math.min(n, results.size()); i++) {
            var chunk = results.get(i).chunk();
            int y = y(top, rowHeight, i + 1);
            boolean rel = isRelevant(chunk.id());
            svg.append(String.format(Locale.ROOT, "<circle cx='%d' cy='%d' r='4' fill='%s' stroke='currentColor'/>",
                    left ? x + 8 : x - 8, y, rel ? "#009e73" : "none"));
            String text = (i + 1) + ". " + shorten(chunk.title().isEmpty() ? chunk.documentId() : chunk.title(), 40);
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' text-anchor='%s'>%s</text>",
                    x, y + 4, left ? "end" : "start", escape(text)));
        }
    }

    private boolean isRelevant(String chunkId) {
        return relevant.contains(documentOf(chunkId));
    }

    /** The document a chunk id belongs to, looked up in either ranking. */
    private String documentOf(String chunkId) {
        for (SearchResults results : List.of(before, after)) {
            for (var hit : results.hits()) {
                if (hit.chunk().id().equals(chunkId)) {
                    return hit.chunk().documentId();
                }
            }
        }
        return chunkId;
    }

    private static int y(int top, int rowHeight, int rank) {
        return top + (rank - 1) * rowHeight + rowHeight / 2;
    }

    /** Characters of a bold 12 px header line that fit in the 300 px beside the lines, with room to spare. */
    static final int HEADER_LINE_CHARS = 34;
    private static final int HEADER_LINE_HEIGHT = 15;

    /**
     * A pipeline's name over at most two lines, broken after a comma or before a parenthesis where it
     * can be: "rrf(bm25, dense-hnsw(all-MiniLM-L6-v2)) +maxsim@30" does not fit on one.
     */
    static List<String> headerLines(String name) {
        if (name.length() <= HEADER_LINE_CHARS) {
            return List.of(name);
        }
        String head = name.substring(0, HEADER_LINE_CHARS + 1);
        int space = head.lastIndexOf(' ');
        int parenthesis = head.lastIndexOf('(');
        int cut = space > HEADER_LINE_CHARS / 4 ? space + 1 : parenthesis > 0 ? parenthesis : HEADER_LINE_CHARS;
        return List.of(name.substring(0, cut).strip(), shorten(name.substring(cut).strip(), HEADER_LINE_CHARS));
    }

    private static void header(StringBuilder svg, List<String> lines, int x, String anchor) {
        for (int i = 0; i < lines.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='currentColor' font-weight='bold' text-anchor='%s'>%s</text>",
                    x, 18 + HEADER_LINE_HEIGHT * i, anchor, escape(lines.get(i))));
        }
    }

    private static String shorten(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }

    @Override
    public String toString() {
        return render().data().get(MimeBundle.TEXT);
    }
}
