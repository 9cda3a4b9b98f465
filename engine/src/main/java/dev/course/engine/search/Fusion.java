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
 *   <li>{@link #weighted}: put each list's scores on a common scale ({@link Normalisation}: min-max
 *       to [0, 1], or z-scores), then take a weighted sum. It keeps how much better the first hit
 *       is than the second, at the cost of weights to choose, which must be chosen on other
 *       queries than those it is measured on (see {@code dev.course.engine.eval.FusionWeights}).
 * </ul>
 * In reciprocal rank fusion a chunk missing from a list gets nothing from it; in weighted fusion it
 * is scored like that list's lowest hit (0 after min-max), since it ranked below all of them.
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

    /** How one list's scores are put on a scale shared with the other lists before they are added. */
    public enum Normalisation {
        /**
         * {@code (s - min) / (max - min)}: the list's best hit gets 1, its last 0. A list whose
         * scores are all equal gives each of its hits 1.
         */
        MIN_MAX,
        /**
         * {@code (s - mean) / standard deviation}: how many deviations a hit stands above the
         * list's average. Unlike min-max, one outlier at the top does not squash all the others
         * towards 0. A list whose scores are all equal gives each of its hits 0.
         */
        Z_SCORE;

        /** The normalised scores of {@code list}, in its order. */
        double[] apply(SearchResults list) {
            double[] scores = list.hits().stream().mapToDouble(Hit::score).toArray();
            double[] out = new double[scores.length];
            if (scores.length == 0) {
                return out;
            }
            if (this == MIN_MAX) {
                double max = java.util.Arrays.stream(scores).max().orElseThrow();
                double min = java.util.Arrays.stream(scores).min().orElseThrow();
                for (int i = 0; i < scores.length; i++) {
                    out[i] = max == min ? 1 : (scores[i] - min) / (max - min);
                }
            } else {
                double mean = java.util.Arrays.stream(scores).average().orElseThrow();
                double variance = java.util.Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).average().orElseThrow();
                double deviation = Math.sqrt(variance);
                for (int i = 0; i < scores.length; i++) {
                    out[i] = deviation == 0 ? 0 : (scores[i] - mean) / deviation;
                }
            }
            return out;
        }
    }

    /** Weighted fusion of min-max normalised scores: {@code sum_i w_i * (s_i - min_i) / (max_i - min_i)}. */
    public static SearchResults weighted(List<SearchResults> lists, List<Double> weights, int topN) {
        return weighted(lists, weights, Normalisation.MIN_MAX, topN);
    }

    /**
     * Weighted fusion of normalised scores: {@code sum_i w_i * normalised_i(s)}, where a chunk that
     * list {@code i} did not return counts as that list's lowest normalised score.
     */
    public static SearchResults weighted(List<SearchResults> lists, List<Double> weights, Normalisation normalisation,
                                         int topN) {
        if (weights.size() != lists.size()) {
            throw new IllegalArgumentException(weights.size() + " weights for " + lists.size() + " lists");
        }
        var fused = new LinkedHashMap<String, Accumulator>();
        var perList = new ArrayList<Map<String, Double>>();
        var floors = new double[lists.size()];
        for (int i = 0; i < lists.size(); i++) {
            SearchResults list = lists.get(i);
            double[] normalised = normalisation.apply(list);
            var byId = new LinkedHashMap<String, Double>();
            for (int r = 0; r < list.size(); r++) {
                Hit hit = list.get(r);
                fused.computeIfAbsent(hit.chunk().id(), id -> new Accumulator(hit));
                byId.merge(hit.chunk().id(), normalised[r], Math::max);
            }
            perList.add(byId);
            floors[i] = java.util.Arrays.stream(normalised).min().orElse(0);
        }
        fused.forEach((id, accumulator) -> {
            for (int i = 0; i < lists.size(); i++) {
                accumulator.score += weights.get(i) * perList.get(i).getOrDefault(id, floors[i]);
            }
        });
        String how = "weighted" + (normalisation == Normalisation.MIN_MAX ? "" : "-zscore") + weights;
        return collect(lists, fused, topN, how);
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
