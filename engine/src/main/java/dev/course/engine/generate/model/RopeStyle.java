package dev.course.engine.generate.model;

/**
 * Which pairs of numbers in a head rotary position embedding turns together. Both rotate pair
 * {@code i} by the angle {@code position * theta^(-2i/headSize)}; they differ only in where the two
 * halves of a pair sit. The GGUF converter reorders Llama's query and key weights so that pairs are
 * adjacent; Qwen2 keeps the original halves.
 */
public enum RopeStyle {
    /** Pair {@code i} is {@code (2i, 2i+1)}: Llama-architecture GGUF files, and the models we train. */
    ADJACENT,
    /** Pair {@code i} is {@code (i, i + headSize/2)}: Qwen2 ("NeoX" style). */
    HALVES;

    /** Index of the first number of pair {@code i}. */
    public int first(int i, int headSize) {
        return this == ADJACENT ? 2 * i : i;
    }

    /** Index of the second number of pair {@code i}. */
    public int second(int i, int headSize) {
        return this == ADJACENT ? 2 * i + 1 : i + headSize / 2;
    }
}
