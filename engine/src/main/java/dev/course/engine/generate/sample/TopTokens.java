package dev.course.engine.generate.sample;

import java.util.Arrays;

/**
 * The most probable tokens, most probable first, without sorting the whole vocabulary.
 *
 * <p>Top-k and top-p only ever look at the head of the ranking, and a vocabulary has tens of
 * thousands of tokens: sorting all 49,152 of SmolLM2's probabilities (as boxed Integers) took 7.5 ms
 * per token, nearly as long as the forward pass that made them. So the head is found directly: the k
 * largest with a small heap, or, for top-p alone, only the tokens that can be in the nucleus.
 *
 * <p>Each token is ranked by one {@code long}: its probability's bits above its index. Probabilities
 * are never negative, and the bits of non-negative floats order like the floats, so comparing the
 * longs compares the probabilities; the index, stored inverted, puts the lower index first among
 * equals.
 */
final class TopTokens {

    private TopTokens() {
    }

    /**
     * The tokens to sample from, most probable first: at most {@code topK} of them (0 = no limit),
     * and no more than it takes for their probabilities to add up to {@code topP}.
     */
    static int[] head(float[] p, int topK, float topP) {
        int limit = topK == 0 ? p.length : Math.min(topK, p.length);
        long[] ranked = limit < p.length ? largest(p, limit) : nucleusCandidates(p, topP);
        int keep = ranked.length;
        double cumulative = 0;
        for (int rank = 0; rank < ranked.length; rank++) {
            cumulative += p[token(ranked[rank])];
            if (cumulative >= topP) {
                keep = rank + 1;
                break;
            }
        }
        int[] tokens = new int[keep];
        for (int rank = 0; rank < keep; rank++) {
            tokens[rank] = token(ranked[rank]);
        }
        return tokens;
    }

    /** The {@code k} most probable tokens, most probable first (for the inspection widgets). */
    static int[] mostProbable(float[] p, int k) {
        long[] ranked = largest(p, Math.min(k, p.length));
        int[] tokens = new int[ranked.length];
        for (int rank = 0; rank < ranked.length; rank++) {
            tokens[rank] = token(ranked[rank]);
        }
        return tokens;
    }

    /**
     * The {@code k} largest keys, largest first. A min-heap holds the best k seen so far; a token
     * that does not beat the heap's smallest costs one comparison, which is nearly every token.
     */
    private static long[] largest(float[] p, int k) {
        long[] heap = new long[k];
        int size = 0;
        for (int token = 0; token < p.length; token++) {
            long key = key(p[token], token);
            if (size < k) {
                heap[size] = key;
                siftUp(heap, size++);
            } else if (key > heap[0]) {
                heap[0] = key;
                siftDown(heap, k);
            }
        }
        return descending(Arrays.copyOf(heap, size));
    }

    /**
     * Every token that can belong to the top-p nucleus, most probable first. A token with a
     * probability below {@code (1 - topP) / n} cannot: all such tokens together hold less than
     * {@code 1 - topP}, so the more probable ones already reach {@code topP}. With {@code topP = 1}
     * every token is a candidate.
     */
    private static long[] nucleusCandidates(float[] p, float topP) {
        float floor = (1 - topP) / p.length;
        long[] keys = new long[p.length];
        int count = 0;
        for (int token = 0; token < p.length; token++) {
            if (p[token] >= floor) {
                keys[count++] = key(p[token], token);
            }
        }
        return descending(Arrays.copyOf(keys, count));
    }

    private static long[] descending(long[] keys) {
        Arrays.sort(keys);
        for (int i = 0, j = keys.length - 1; i < j; i++, j--) {
            long swap = keys[i];
            keys[i] = keys[j];
            keys[j] = swap;
        }
        return keys;
    }

    private static long key(float probability, int token) {
        return ((long) Float.floatToIntBits(Math.max(probability, 0f)) << 32) | (~token & 0xFFFF_FFFFL);
    }

    private static int token(long key) {
        return ~(int) key;
    }

    private static void siftUp(long[] heap, int i) {
        while (i > 0 && heap[(i - 1) / 2] > heap[i]) {
            int parent = (i - 1) / 2;
            long swap = heap[parent];
            heap[parent] = heap[i];
            heap[i] = swap;
            i = parent;
        }
    }

    private static void siftDown(long[] heap, int size) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1, right = left + 1, smallest = i;
            if (left < size && heap[left] < heap[smallest]) smallest = left;
            if (right < size && heap[right] < heap[smallest]) smallest = right;
            if (smallest == i) {
                return;
            }
            long swap = heap[smallest];
            heap[smallest] = heap[i];
            heap[i] = swap;
            i = smallest;
        }
    }
}
