/**
 * The Llama-family decoder: {@link dev.course.engine.generate.model.LlamaConfig} (its shape),
 * {@link dev.course.engine.generate.model.LlamaWeights}, {@link dev.course.engine.generate.model.LlamaModel}
 * (the forward pass, one token at a time, with a {@link dev.course.engine.generate.model.KvCache}),
 * and {@link dev.course.engine.generate.model.ModelLoader}, which builds one from a GGUF file.
 */
package dev.course.engine.generate.model;
