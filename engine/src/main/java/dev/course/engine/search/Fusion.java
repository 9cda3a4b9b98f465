package dev.course.engine.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ways to merge several rankings of the same collection into one, the heart of hybrid search.
 *
 * <p>BM25 scores (unbounded, 0 to 20 or so) and cosines (about 0.2 to 0.9) are not on one scale, so
 * adding them raw lets one side dominate. Two cures:
 * <ul>
 *   <li>{@link #reciprocalRank}: forget scores, use ranks. Each list gives a chunk
 *       {@code 1 / (k + rank)}; the sums are the new scores. No tuning, robust, and what most
 *       search engines ship. It computes exactly what Lucene's {@code TopDocs.rrf} does, but keyed
 *       by chunk id rather than Lucene doc number, so lists from different indexes can be fused.
 *   <li>{@link #weighted}: rescale each list's scores to [0, 1] (min-max over that list), then
 *       take a weighted sum. It keeps how much better the first hit is than the second, at the cost
 *       of weights to choose.
 * </ul>
 * A chunk missing from a list contributes nothing from it.
 */
public final class Fusion {

    /** The constant of reciprocal rank fusion from the paper that introduced it (Cormack et al., 2009). */
    public static final int DEFAULT_RRF_K = 60;

    private Fusion() {
    }

    /** Reciprocal rank fusion with k = 60, keeping the best {@code topN}. */
    public static SearchResults reciprocalRank(List<SearchResults> lists, int topN) {
        return reciprocalRank(lists, topN, DEFAULT_RRF_K);
    }

    public static SearchResults reciprocalRank(List<SearchResults> lists, int topN, int rrfK) {
        if (rrfK < 1) {
            throw new IllegalArgumentException("rrfK must be >= 1, got " + rrfK);
        }
        var fused = new LinkedHashMap<String, Accumulator>();
        for (SearchResults list : lists) {
            for (int rank = 0; rank < list.size(); rank++) {
                Hit hit = list.get(rank);
                fused.computeIfAbsent(hit.chunk().id(), id -> new Accumulator(hit)).score += 1.0 / (rrfK + rank + 1);
            }
        }
        return collect(lists, fused, topN, "rrf");
    }

    /**
     * Weighted fusion of min-max normalised scores: {@code sum_i w_i * (s_i - min_i) / (max_i - min_i)}.
     * A list whose scores are all equal contributes {@code w_i} to each of its chunks.
     */
    public static SearchResults weighted(List<SearchResults> lists, List<Double> weights, int topN) {
        if (weights.size() != lists.size()) {
            throw new IllegalArgumentException(weights.size() + " weights for " + lists.size() + " lists");
        }
        var fused = new LinkedHashMap<String, Accumulator>();
        for (int i = 0; i < lists.size(); i++) {
            SearchResults list = lists.get(i);
            if (list.size() == 0) {
                continue;
            }
            double max = list.hits().stream().mapToDouble(Hit::score).max().orElseThrow();
            double min = list.hits().stream().mapToDouble(Hit::score).min().orElseThrow();
            double range = max - min;
            for (Hit hit : list.hits()) {
                double normalised = range == 0 ? 1 : (hit.score() - min) / range;
                fused.computeIfAbsent(hit.chunk().id(), id -> new Accumulator(hit)).score += weights.get(i) * normalised;
            }
        }
        return collect(lists, fused, topN, "weighted" + weights);
    }

    private static SearchResults collect(List<SearchResults> lists, Map<String, Accumulator> fused, int topN, String how) {
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be >= 1, got " + topN);
        }
        var ranked = new ArrayList<>(fused.values());
        // Ties keep first-seen order (stable sort), like Lucene's tie-break on the earlier list.
        ranked.sort(Comparator.comparingDouble((Accumulator a) -> a.score).reversed());
        var hits = ranked.stream().limit(topN).map(a -> a.hit.withScore((float) a.score)).toList();
        String query = lists.isEmpty() ? "" : lists.getFirst().query();
        String method = how + "(" + String.join(", ", lists.stream().map(SearchResults::method).toList()) + ")";
        return new SearchResults(query, method, hits);
    }

    private static final class Accumulator {
        final Hit hit;
        double score;

        Accumulator(Hit hit) {
            this.hit = hit;
        }
    }
}
