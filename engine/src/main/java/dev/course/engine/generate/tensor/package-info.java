/**
 * Weight matrices in the formats GGUF stores (F32, F16, Q8_0, Q4_0) and the one operation that
 * dominates a transformer's time: the matrix-vector product, vectorised and shared across cores.
 */
package dev.course.engine.generate.tensor;
