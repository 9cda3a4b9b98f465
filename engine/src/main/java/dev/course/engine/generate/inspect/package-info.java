/**
 * Looking inside the transformer, for lessons: {@link dev.course.engine.generate.inspect.AttentionMaps}
 * (every head's weights for a text) drawn as {@link dev.course.engine.generate.inspect.AttentionHeatmap}s,
 * {@link dev.course.engine.generate.inspect.ProbabilityBars} (next-token distributions),
 * {@link dev.course.engine.generate.inspect.CacheTiming} (the KV cache's effect) and
 * {@link dev.course.engine.generate.inspect.RopeRotations}.
 */
package dev.course.engine.generate.inspect;
