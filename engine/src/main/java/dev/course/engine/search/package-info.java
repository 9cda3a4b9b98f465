/**
 * Searching a {@link dev.course.engine.index.ChunkIndex}: every method is a
 * {@link dev.course.engine.search.Retriever} returning renderable
 * {@link dev.course.engine.search.SearchResults}. {@link dev.course.engine.search.Bm25Retriever}
 * (with per-term {@link dev.course.engine.search.ScoreExplanation}),
 * {@link dev.course.engine.search.VectorRetriever} (HNSW), {@link dev.course.engine.search.ExactVectorRetriever}
 * (brute force), {@link dev.course.engine.search.Fusion} and {@link dev.course.engine.search.HybridRetriever}.
 */
package dev.course.engine.search;
