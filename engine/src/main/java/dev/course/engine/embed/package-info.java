/**
 * Sentence embeddings with our own ONNX Runtime code: {@link dev.course.engine.embed.EmbeddingModel}
 * (tokenise, run, pool, normalise; batched and parallel), {@link dev.course.engine.embed.ModelSpec}
 * for the two bundled encoders, {@link dev.course.engine.embed.Pooling},
 * {@link dev.course.engine.embed.LongTextPolicy}, and the {@link dev.course.engine.embed.Encoder} that runs the
 * forward pass: {@link dev.course.engine.embed.OnnxEncoder} in this process or
 * {@link dev.course.engine.embed.RemoteEncoder} in a model service, as {@link dev.course.engine.embed.Encoders}
 * decides (requests and replies: {@link dev.course.engine.embed.EncoderRequest},
 * {@link dev.course.engine.embed.EncoderReply}, {@link dev.course.engine.embed.PackedNumbers}).
 */
package dev.course.engine.embed;
