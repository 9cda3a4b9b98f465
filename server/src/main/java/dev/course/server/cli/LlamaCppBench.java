package dev.course.server.cli;

import dev.course.engine.generate.bench.GenerateBenchmark;
import dev.course.llamacpp.LlamaCppReference;

import java.nio.file.Path;

/**
 * llama.cpp's side of {@code ./course bench generate --against llamacpp}, timed by the same procedure
 * as the engine ({@link GenerateBenchmark#time}) on the same file with the same thread count. A class of
 * its own so that llama.cpp's classes are touched only when asked for: only {@code bench} commands have
 * them on their class path (the {@code course} launcher adds {@code server/target/bench-lib}).
 */
final class LlamaCppBench {

    private static final String REFERENCE_CLASS = "dev.course.llamacpp.LlamaCppReference";

    private LlamaCppBench() {
    }

    /** Why llama.cpp cannot run here, or null when it can. */
    static String unavailableBecause() {
        try {
            Class.forName(REFERENCE_CLASS, false, LlamaCppBench.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "llama.cpp is not on the class path: run it as './course bench generate --against llamacpp'"
                    + " (the launcher adds server/target/bench-lib for bench commands only)";
        }
        return LlamaCppReference.available() ? null
                : "the llama.cpp library that de.kherud:llama bundles runs on Linux x86_64 only";
    }

    /** llama.cpp's speed on {@code file}: {@code threads} for generation and for the prompt batch. */
    static GenerateBenchmark.Speed time(Path file, int threads, int contextLength, int vocab, int promptTokens,
                                        int generatedTokens) {
        try (var llama = LlamaCppReference.load(file, threads, contextLength)) {
            var decoder = new GenerateBenchmark.Decoder() {
                @Override
                public void reset() {
                    llama.reset();
                }

                @Override
                public float[] prefill(int[] tokens) {
                    return llama.prefill(tokens);
                }

                @Override
                public float[] next(int token) {
                    return llama.next(token);
                }
            };
            return GenerateBenchmark.time(decoder, vocab, promptTokens, generatedTokens);
        }
    }

    /**
     * llama.cpp's first token of {@code prompt}, as a fresh llama.cpp program would get it: the file
     * loaded (model and context), the prompt in one batch, the greedy token picked; the best of
     * {@link FirstTokenBench#RUNS}, in milliseconds. Its process start and library loading are not
     * counted (a native program has no JIT to warm), which favours llama.cpp slightly.
     */
    static double firstTokenMillis(Path file, int threads, int contextLength, int[] prompt) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < FirstTokenBench.RUNS; i++) {
            long start = System.nanoTime();
            try (var llama = LlamaCppReference.load(file, threads, contextLength)) {
                LlamaCppReference.argmax(llama.prefill(prompt));
                best = Math.min(best, (System.nanoTime() - start) / 1e6);
            }
        }
        return best;
    }

    /** The build it runs, for the human-readable line. */
    static String version() {
        return "llama.cpp b4916 (de.kherud:llama 4.2.0)";
    }
}
