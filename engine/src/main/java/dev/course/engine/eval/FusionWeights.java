package dev.course.engine.eval;

import dev.course.engine.search.Fusion;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.SearchResults;

import java.util.ArrayList;
import java.util.List;
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

    private FusionWeights() {
    }

    public static Choice choose(Dataset dev, List<Retriever> parts, Fusion.Normalisation normalisation) {
        return choose(dev, parts, normalisation, DEFAULT_STEP);
    }

    public static Choice choose(Dataset dev, List<Retriever> parts, Fusion.Normalisation normalisation, double step) {
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(normalisation, "normalisation");
        if (parts.size() < 2) {
            throw new IllegalArgumentException("fusion needs at least two retrievers, got " + parts.size());
        }
        if (!(step > 0 && step <= 0.5) || Math.abs(Math.round(1 / step) * step - 1) > 1e-9) {
            throw new IllegalArgumentException("step must divide 1 and be in (0, 0.5], got " + step);
        }
        int depth = HybridRetriever.DEFAULT_DEPTH;
        var lists = new ArrayList<List<SearchResults>>();
        for (EvalQuery query : dev.queries()) {
            lists.add(parts.stream().map(r -> r.search(query.text(), depth)).toList());
        }
        Choice best = null;
        for (List<Double> weights : grid(parts.size(), (int) Math.round(1 / step))) {
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
