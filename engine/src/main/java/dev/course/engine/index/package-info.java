/**
 * Lucene 10 indexes of chunks: {@link dev.course.engine.index.ChunkIndex} (stored chunks, a BM25
 * full-text field and an HNSW vector field, in memory or on disk) and
 * {@link dev.course.engine.index.HnswConfig} (M, beam width, scalar quantisation).
 */
package dev.course.engine.index;
