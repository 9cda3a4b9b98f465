package dev.course.engine.search;

import dev.course.engine.table.Table;
import dev.course.engine.table.Tabular;
import org.apache.lucene.search.Explanation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A BM25 score taken apart: one row per query term found in the chunk, with the numbers of the
 * formula {@code score = idf * tf}, where
 * {@code idf = ln(1 + (N - n + 0.5) / (n + 0.5))} (rare terms weigh more) and
 * {@code tf = freq / (freq + k1 * (1 - b + b * dl / avgdl))} (repetitions help less and less, long
 * chunks are discounted). The term scores add up to the hit's score.
 *
 * @param query   the query
 * @param chunkId the explained hit
 * @param score   the total score
 * @param terms   the contribution of each matching term, largest first
 */
public record ScoreExplanation(String query, String chunkId, float score, List<TermScore> terms) implements Tabular {

    /**
     * One term's share of a BM25 score.
     *
     * @param term           the analysed term (stemmed: "flows" is searched as "flow")
     * @param score          its contribution
     * @param idf            inverse document frequency
     * @param tf             the saturated, length-normalised term frequency
     * @param freq           how often the term occurs in the chunk
     * @param docFreq        n: in how many chunks it occurs
     * @param docCount       N: how many chunks have the field
     * @param length         dl: the chunk's length in terms
     * @param averageLength  avgdl: the average length
     */
    public record TermScore(String term, float score, float idf, float tf, float freq, long docFreq, long docCount,
                            float length, float averageLength) {
    }

    private static final Pattern WEIGHT = Pattern.compile("weight\\(\\w+:(.+?) in \\d+\\)");

    public ScoreExplanation {
        terms = List.copyOf(terms);
    }

    /** Reads Lucene's explanation tree for a BM25 query into one row per term. */
    static ScoreExplanation fromLucene(String query, String chunkId, Explanation explanation) {
        var terms = new ArrayList<TermScore>();
        collect(explanation, terms);
        terms.sort((a, b) -> Float.compare(b.score(), a.score()));
        return new ScoreExplanation(query, chunkId, explanation.getValue().floatValue(), terms);
    }

    private static void collect(Explanation node, List<TermScore> out) {
        Matcher m = WEIGHT.matcher(node.getDescription());
        if (m.find()) {
            out.add(termScore(m.group(1), node));
            return;
        }
        for (Explanation child : node.getDetails()) {
            collect(child, out);
        }
    }

    private static TermScore termScore(String term, Explanation weight) {
        float idf = Float.NaN;
        float tf = Float.NaN;
        float freq = Float.NaN;
        float dl = Float.NaN;
        float avgdl = Float.NaN;
        long n = -1;
        long total = -1;
        for (Explanation e : flatten(weight)) {
            String d = e.getDescription();
            float v = e.getValue().floatValue();
            if (d.startsWith("idf,")) {
                idf = v;
            } else if (d.startsWith("tf,")) {
                tf = v;
            } else if (d.startsWith("freq,")) {
                freq = v;
            } else if (d.startsWith("n,")) {
                n = e.getValue().longValue();
            } else if (d.startsWith("N,")) {
                total = e.getValue().longValue();
            } else if (d.startsWith("dl,")) {
                dl = v;
            } else if (d.startsWith("avgdl,")) {
                avgdl = v;
            }
        }
        return new TermScore(term, weight.getValue().floatValue(), idf, tf, freq, n, total, dl, avgdl);
    }

    private static List<Explanation> flatten(Explanation root) {
        var all = new ArrayList<Explanation>();
        all.add(root);
        for (int i = 0; i < all.size(); i++) {
            all.addAll(List.of(all.get(i).getDetails()));
        }
        return all;
    }

    @Override
    public Table table() {
        var rows = new ArrayList<List<String>>();
        for (TermScore t : terms) {
            rows.add(List.of(t.term(), f(t.score()), f(t.idf()), f(t.tf()), f(t.freq()),
                    t.docFreq() + " / " + t.docCount(), f(t.length()) + " / " + f(t.averageLength())));
        }
        return new Table("BM25 score " + f(score) + " of " + chunkId + " for: " + query,
                List.of("term", "score", "idf", "tf", "freq", "n / N", "dl / avgdl"), rows);
    }

    private static String f(float v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    @Override
    public String toString() {
        return table().toString();
    }
}
