/**
 * Sentence embeddings with our own ONNX Runtime code: {@link dev.course.engine.embed.EmbeddingModel}
 * (tokenise, run, pool, normalise; batched and parallel), {@link dev.course.engine.embed.ModelSpec}
 * for the two bundled encoders, {@link dev.course.engine.embed.Pooling},
 * {@link dev.course.engine.embed.LongTextPolicy} and {@link dev.course.engine.embed.OnnxEncoder}.
 */
package dev.course.engine.embed;
