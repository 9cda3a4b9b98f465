package dev.course.engine.rerank;

import dev.course.engine.search.Retriever;
import dev.course.engine.search.SearchResults;

import dev.course.engine.search.Fusion;

import java.util.List;
import java.util.Objects;

/**
 * A first stage followed by a reranker: retrieve {@link #candidates()} hits, rerank them, keep the
 * best {@code k}. The reranker can only reorder what the first stage found, so the first stage's
 * recall at N caps the pipeline's quality.
 */
public final class RerankingRetriever implements Retriever {

    /** Rerank the first stage's top 100 by default. */
    public static final int DEFAULT_CANDIDATES = 100;

    private final Retriever firstStage;
    private final Reranker reranker;
    private final int candidates;
    private final boolean fuseWithFirstStage;

    public RerankingRetriever(Retriever firstStage, Reranker reranker) {
        this(firstStage, reranker, DEFAULT_CANDIDATES);
    }

    public RerankingRetriever(Retriever firstStage, Reranker reranker, int candidates) {
        this(firstStage, reranker, candidates, false);
    }

    private RerankingRetriever(Retriever firstStage, Reranker reranker, int candidates, boolean fuseWithFirstStage) {
        this.fuseWithFirstStage = fuseWithFirstStage;
        this.firstStage = Objects.requireNonNull(firstStage, "firstStage");
        this.reranker = Objects.requireNonNull(reranker, "reranker");
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
        }
        this.candidates = candidates;
    }

    /**
     * This pipeline, but the final order is the reciprocal rank fusion of the first stage's order and
     * the reranker's, instead of the reranker's alone. Use it when the reranker is a different
     * signal rather than a strictly better one (as the bundled bi-encoders are, unlike a trained
     * cross-encoder): the evidence of the first stage is kept instead of thrown away.
     */
    public RerankingRetriever fusedWithFirstStage() {
        return new RerankingRetriever(firstStage, reranker, candidates, true);
    }

    public int candidates() {
        return candidates;
    }

    @Override
    public String name() {
        return firstStage.name() + " > " + reranker.name() + "@" + candidates + (fuseWithFirstStage ? " +rrf" : "");
    }

    @Override
    public SearchResults search(String query, int k) {
        SearchResults first = firstStage.search(query, Math.max(k, candidates));
        if (first.size() == 0) {
            return new SearchResults(query, name(), first.hits());   // nothing found, nothing to reorder
        }
        SearchResults reranked = reranker.rerank(query, first);
        if (fuseWithFirstStage) {
            reranked = Fusion.reciprocalRank(List.of(first, reranked), first.size());
        }
        return new SearchResults(query, name(), reranked.top(k).hits());
    }
}
