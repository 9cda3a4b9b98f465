package dev.course.engine.search;

/**
 * Anything that ranks chunks for a query: BM25, dense vectors, a fusion of both, a first stage
 * followed by a reranker. Pipelines are built by composing retrievers, and evaluation compares
 * them through this one method.
 */
public interface Retriever {

    /** The best {@code k} hits for {@code query}, best first. */
    SearchResults search(String query, int k);

    /** A short name for tables, e.g. {@code "bm25"}. */
    String name();
}
