/**
 * Documents and the chunks that are indexed: {@link dev.course.engine.chunk.Document},
 * {@link dev.course.engine.chunk.Chunk} (which keeps its document id and character
 * {@link dev.course.engine.chunk.Span}), and {@link dev.course.engine.chunk.Chunker}.
 */
package dev.course.engine.chunk;
