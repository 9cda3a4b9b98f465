package dev.course.engine.rerank;

import dev.course.engine.search.SearchResults;

/**
 * A second stage: reorder a first stage's candidates with a slower, more careful scorer.
 *
 * <p>The first stage (BM25, HNSW, hybrid) must be fast over the whole collection, so it compares
 * precomputed representations. A reranker only sees the top N, so it can afford to look at query
 * and candidate together: token by token (late interaction) or as one input (a cross-encoder).
 */
public interface Reranker {

    /** The same candidates, rescored by this reranker and sorted best first. */
    SearchResults rerank(String query, SearchResults candidates);

    /** A short name for tables. */
    String name();
}
