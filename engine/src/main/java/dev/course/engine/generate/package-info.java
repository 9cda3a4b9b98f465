/**
 * Text generation. {@link dev.course.engine.generate.Generator} is the one interface; behind it the
 * engine's own transformer ({@link dev.course.engine.generate.LocalGenerator} on a
 * {@link dev.course.engine.generate.LocalModel} from a GGUF file or trained here) or an
 * OpenAI-compatible server ({@link dev.course.engine.generate.openai.OpenAiGenerator}).
 * {@link dev.course.engine.generate.Generators#open} picks one from a string.
 *
 * <p>Sub-packages, in reading order: {@code gguf} (the file format), {@code tensor} (weights and
 * the matrix-vector product), {@code bpe} (tokenizers), {@code model} (the decoder), {@code sample}
 * (choosing tokens), {@code inspect} (looking inside), {@code train} (training), {@code bench}
 * (speed against the memory-bandwidth bound), {@code openai} (the HTTP client).
 */
package dev.course.engine.generate;
