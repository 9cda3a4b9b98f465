/**
 * GGUF, the model file format of llama.cpp: {@link dev.course.engine.generate.gguf.GgufFile} reads
 * (memory-maps) one, {@link dev.course.engine.generate.gguf.GgufWriter} writes one, and
 * {@link dev.course.engine.generate.gguf.GgufType} names the tensor types.
 */
package dev.course.engine.generate.gguf;
