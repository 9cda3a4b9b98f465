/**
 * Documents and the chunks that are indexed: {@link dev.course.engine.chunk.Document},
 * {@link dev.course.engine.chunk.Chunk} (which keeps its document id and character
 * {@link dev.course.engine.chunk.Span}), and the ways to cut one into the other
 * ({@link dev.course.engine.chunk.ChunkingStrategy}): at sentence ends ({@link dev.course.engine.chunk.Chunker}),
 * in fixed windows ({@link dev.course.engine.chunk.FixedWindowChunker}) or not at all.
 */
package dev.course.engine.chunk;
