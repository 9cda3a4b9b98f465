package dev.course.engine.eval;

import dev.course.engine.search.Fusion;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.SearchResults;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the weights of a weighted score fusion on development queries: every weight vector on a
 * grid (each weight a multiple of {@code step}, the weights summing to 1) is tried, and the one with
 * the highest mean nDCG@10 on the development queries wins; ties go to the vector tried first.
 *
 * <p>Each retriever's list for each query is computed once and fused under every weight vector, so
 * trying a few hundred vectors costs little more than one search per query and retriever. The
 * result must then be measured on other queries (see {@link DevTestSplit}): the best weights of a
 * grid search always look better on the queries that chose them than they are.
 */
public final class FusionWeights {

    /** The grid step of {@link #choose(Dataset, List, Fusion.Normalisation)}: 21 values per weight. */
    public static final double DEFAULT_STEP = 0.05;

    /** The weights chosen and the development score that chose them. */
    public record Choice(List<Double> weights, double devNdcg10) {

        public Choice {
            weights = List.copyOf(weights);
        }

        /** A weighted fusion of {@code parts} with these weights. */
        public HybridRetriever retriever(List<Retriever> parts, Fusion.Normalisation normalisation) {
            return HybridRetriever.weighted(parts, weights, normalisation);
        }
    }

    /**
     * The fusion that won on the development queries among several candidates: which lists, which
     * normalisation, which weights. Its {@link #retriever()} is what is then measured on test queries.
     */
    public record Selection(List<Retriever> parts, Fusion.Normalisation normalisation, Choice choice) {

        public Selection {
            parts = List.copyOf(parts);
            Objects.requireNonNull(normalisation, "normalisation");
            Objects.requireNonNull(choice, "choice");
        }

        public HybridRetriever retriever() {
            return choice.retriever(parts, normalisation);
        }
    }

    private FusionWeights() {
    }

    /**
     * Chooses which lists to fuse and how to normalise them, as well as the weights: every candidate
     * set of retrievers under every normalisation gets its best weights ({@link #choose(Dataset, List,
     * Fusion.Normalisation, double)}), and the combination with the highest development nDCG@10 wins
     * (ties go to the earlier candidate, then the earlier normalisation). Only {@code dev}'s queries
     * are searched. The more candidates, the more the winner's development score flatters it: the
     * test half says what it is worth.
     */
    public static Selection select(Dataset dev, List<List<Retriever>> candidates, List<Fusion.Normalisation> normalisations,
                                   double step) {
        if (candidates.isEmpty() || normalisations.isEmpty()) {
            throw new IllegalArgumentException("choosing a fusion needs at least one candidate list set and one normalisation");
        }
        Objects.requireNonNull(dev, "dev");
        var searched = new IdentityHashMap<Retriever, List<SearchResults>>();
        Selection best = null;
        for (List<Retriever> parts : candidates) {
            requireValid(parts.size(), step);
            List<List<SearchResults>> lists = listsPerQuery(dev, parts, searched);
            for (Fusion.Normalisation normalisation : normalisations) {
                Choice choice = choose(dev, lists, parts.size(), Objects.requireNonNull(normalisation, "normalisation"), step);
                if (best == null || choice.devNdcg10() > best.choice().devNdcg10()) {
                    best = new Selection(parts, normalisation, choice);
                }
            }
        }
        return best;
    }

    public static Choice choose(Dataset dev, List<Retriever> parts, Fusion.Normalisation normalisation) {
        return choose(dev, parts, normalisation, DEFAULT_STEP);
    }

    public static Choice choose(Dataset dev, List<Retriever> parts, Fusion.Normalisation normalisation, double step) {
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(normalisation, "normalisation");
        requireValid(parts.size(), step);
        var searched = new IdentityHashMap<Retriever, List<SearchResults>>();
        return choose(dev, listsPerQuery(dev, parts, searched), parts.size(), normalisation, step);
    }

    /** Each query's lists, {@code parts} in order; a retriever already in {@code searched} is not asked again. */
    private static List<List<SearchResults>> listsPerQuery(Dataset dev, List<Retriever> parts,
                                                           Map<Retriever, List<SearchResults>> searched) {
        for (Retriever part : parts) {
            searched.computeIfAbsent(part, r -> dev.queries().stream()
                    .map(q -> r.search(q.text(), HybridRetriever.DEFAULT_DEPTH)).toList());
        }
        var lists = new ArrayList<List<SearchResults>>();
        for (int q = 0; q < dev.queries().size(); q++) {
            int query = q;
            lists.add(parts.stream().map(r -> searched.get(r).get(query)).toList());
        }
        return lists;
    }

    private static Choice choose(Dataset dev, List<List<SearchResults>> lists, int parts, Fusion.Normalisation normalisation,
                                 double step) {
        Choice best = null;
        for (List<Double> weights : grid(parts, (int) Math.round(1 / step))) {
            double sum = 0;
            for (int q = 0; q < dev.queries().size(); q++) {
                List<String> ranking = Fusion.weighted(lists.get(q), weights, normalisation, PipelineEvaluation.RECALL_AT)
                        .documentIds();
                sum += Metrics.ndcg(ranking, dev.qrels().gains(dev.queries().get(q).id()), PipelineEvaluation.NDCG_AT);
            }
            double ndcg = sum / Math.max(1, dev.queries().size());
            if (best == null || ndcg > best.devNdcg10()) {
                best = new Choice(weights, ndcg);
            }
        }
        return best;
    }

    private static void requireValid(int parts, double step) {
        if (parts < 2) {
            throw new IllegalArgumentException("fusion needs at least two retrievers, got " + parts);
        }
        if (!(step > 0 && step <= 0.5) || Math.abs(Math.round(1 / step) * step - 1) > 1e-9) {
            throw new IllegalArgumentException("step must divide 1 and be in (0, 0.5], got " + step);
        }
    }

    /** Every vector of {@code n} non-negative multiples of {@code 1 / units} that sum to 1. */
    static List<List<Double>> grid(int n, int units) {
        var out = new ArrayList<List<Double>>();
        fill(new int[n], 0, units, units, out);
        return out;
    }

    private static void fill(int[] counts, int position, int left, int units, List<List<Double>> out) {
        if (position == counts.length - 1) {
            counts[position] = left;
            var weights = new ArrayList<Double>();
            for (int c : counts) {
                weights.add(Math.round(c * 1000.0 / units) / 1000.0);
            }
            out.add(weights);
            return;
        }
        for (int c = left; c >= 0; c--) {
            counts[position] = c;
            fill(counts, position + 1, left - c, units, out);
        }
    }
}
