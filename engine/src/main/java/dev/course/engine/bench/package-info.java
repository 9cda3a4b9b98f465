/**
 * Benchmarks as plain library classes: {@link dev.course.engine.bench.EmbedBenchmark} (throughput
 * against a baseline embedder) and {@link dev.course.engine.bench.KnnBenchmark} (HNSW against exact
 * search).
 */
package dev.course.engine.bench;
