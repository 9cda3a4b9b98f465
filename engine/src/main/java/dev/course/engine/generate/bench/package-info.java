/**
 * Generation speed against the memory-bandwidth bound: {@link dev.course.engine.generate.bench.GenerateBenchmark}
 * on {@link dev.course.engine.generate.bench.RandomModels} of realistic shape, with
 * {@link dev.course.engine.generate.bench.MemoryBandwidth} measured in the same run; and the cost of
 * sampling one token, {@link dev.course.engine.generate.bench.SamplingBenchmark}, against sorting the
 * whole vocabulary.
 */
package dev.course.engine.generate.bench;
