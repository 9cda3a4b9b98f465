package dev.course.engine.search;

import java.util.List;
import java.util.Objects;

/**
 * Hybrid search: run several retrievers (typically BM25 and dense) to a depth of
 * {@link #depth()} hits each and fuse the lists, by reciprocal rank (default) or by weighted
 * normalised scores.
 *
 * <p>Why it works: BM25 finds exact terms, names and rare words that an embedding blurs; an
 * embedding finds paraphrases that share no word with the query. Their mistakes differ, so the
 * fused list is usually better than either.
 */
public final class HybridRetriever implements Retriever {

    /** How many hits each retriever contributes before fusion. */
    public static final int DEFAULT_DEPTH = 100;

    private final List<Retriever> parts;
    private final List<Double> weights;
    private final Fusion.Normalisation normalisation;
    private final int depth;

    private HybridRetriever(List<Retriever> parts, List<Double> weights, Fusion.Normalisation normalisation, int depth) {
        this.parts = List.copyOf(parts);
        if (this.parts.size() < 2) {
            throw new IllegalArgumentException("hybrid search needs at least two retrievers");
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        if (weights != null && weights.size() != parts.size()) {
            throw new IllegalArgumentException(weights.size() + " weights for " + parts.size() + " retrievers");
        }
        this.weights = weights == null ? null : List.copyOf(weights);
        this.normalisation = Objects.requireNonNull(normalisation, "normalisation");
        this.depth = depth;
    }

    /** Reciprocal rank fusion (k = 60) of the given retrievers. */
    public static HybridRetriever rrf(Retriever... parts) {
        return new HybridRetriever(List.of(parts), null, Fusion.Normalisation.MIN_MAX, DEFAULT_DEPTH);
    }

    /** Weighted fusion of min-max normalised scores. */
    public static HybridRetriever weighted(List<Retriever> parts, List<Double> weights) {
        return weighted(parts, weights, Fusion.Normalisation.MIN_MAX);
    }

    /** Weighted fusion of scores normalised per list as {@code normalisation} says. */
    public static HybridRetriever weighted(List<Retriever> parts, List<Double> weights, Fusion.Normalisation normalisation) {
        Objects.requireNonNull(weights, "weights");
        return new HybridRetriever(parts, weights, normalisation, DEFAULT_DEPTH);
    }

    public HybridRetriever withDepth(int newDepth) {
        return new HybridRetriever(parts, weights, normalisation, newDepth);
    }

    /** The retrievers whose lists are fused. */
    public List<Retriever> parts() {
        return parts;
    }

    public int depth() {
        return depth;
    }

    @Override
    public String name() {
        String names = String.join(", ", parts.stream().map(Retriever::name).toList());
        if (weights == null) {
            return "rrf(" + names + ")";
        }
        return "weighted" + (normalisation == Fusion.Normalisation.MIN_MAX ? "" : "-zscore") + weights + "(" + names + ")";
    }

    @Override
    public SearchResults search(String query, int k) {
        List<SearchResults> lists = parts.stream().map(r -> r.search(query, Math.max(depth, k))).toList();
        SearchResults fused = weights == null ? Fusion.reciprocalRank(lists, k) : Fusion.weighted(lists, weights, normalisation, k);
        return new SearchResults(query, name(), fused.hits());
    }
}
