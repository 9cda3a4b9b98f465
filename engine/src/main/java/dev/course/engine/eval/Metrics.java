package dev.course.engine.eval;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The standard ranking metrics, each for one query's ranked list of document ids. Average them
 * over queries for a system's score.
 *
 * <p>A ranked list must not repeat a document; callers that rank chunks first keep each
 * document's best chunk (see {@code RankedDocuments}).
 */
public final class Metrics {

    private Metrics() {
    }

    /**
     * Normalised discounted cumulative gain at {@code k}, with graded gains: the gain of the
     * document at rank r (from 1) counts {@code gain / log2(r + 1)}, and the sum is divided by that
     * of the best possible ordering of the judged documents. 1 is a perfect top k; a query with no
     * relevant document scores 0.
     */
    public static double ndcg(List<String> ranking, Map<String, Integer> gains, int k) {
        requirePositive(k);
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            dcg += Math.max(0, gains.getOrDefault(ranking.get(i), 0)) / log2(i + 2);
        }
        List<Integer> ideal = gains.values().stream().filter(g -> g > 0).sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** The share of the relevant documents that appear in the top {@code k}. */
    public static double recall(List<String> ranking, Set<String> relevant, int k) {
        requirePositive(k);
        if (relevant.isEmpty()) {
            return 0;
        }
        int found = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            if (relevant.contains(ranking.get(i))) {
                found++;
            }
        }
        return (double) found / relevant.size();
    }

    /** The share of the top {@code k} that is relevant. */
    public static double precision(List<String> ranking, Set<String> relevant, int k) {
        requirePositive(k);
        int found = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            if (relevant.contains(ranking.get(i))) {
                found++;
            }
        }
        return (double) found / k;
    }

    /** 1 / the rank of the first relevant document, 0 if none is ranked. Averaged, this is MRR. */
    public static double reciprocalRank(List<String> ranking, Set<String> relevant) {
        for (int i = 0; i < ranking.size(); i++) {
            if (relevant.contains(ranking.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /** 1 / the rank of the first relevant document within the top {@code k}, else 0. Averaged, this is MRR@k. */
    public static double reciprocalRank(List<String> ranking, Set<String> relevant, int k) {
        requirePositive(k);
        return reciprocalRank(ranking.subList(0, Math.min(k, ranking.size())), relevant);
    }

    /** 1 if a relevant document is among the top {@code k}, else 0. Averaged, this is success@k (hit rate). */
    public static double success(List<String> ranking, Set<String> relevant, int k) {
        return reciprocalRank(ranking, relevant, k) > 0 ? 1 : 0;
    }

    /**
     * Average precision: the precision at the rank of each relevant document retrieved, summed and
     * divided by the number of relevant documents. Averaged over queries, this is MAP.
     */
    public static double averagePrecision(List<String> ranking, Set<String> relevant) {
        if (relevant.isEmpty()) {
            return 0;
        }
        int found = 0;
        double sum = 0;
        for (int i = 0; i < ranking.size(); i++) {
            if (relevant.contains(ranking.get(i))) {
                found++;
                sum += (double) found / (i + 1);
            }
        }
        return sum / relevant.size();
    }

    /** Throws if the ranking lists a document twice, which would inflate every metric. */
    public static void requireNoDuplicates(Collection<String> ranking) {
        if (new HashSet<>(ranking).size() != ranking.size()) {
            throw new IllegalArgumentException("a ranking must not repeat a document");
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static void requirePositive(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }
}
