package dev.course.engine.generate.sample;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The head of the ranking equals what sorting the whole vocabulary gives, ties and all. */
class TopTokensTest {

    /** The plain way: sort every token by probability (stable, so lower index first among equals), then cut. */
    private static int[] bySorting(float[] p, int topK, float topP) {
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
        int keep = topK == 0 ? p.length : Math.min(topK, p.length);
        double cumulative = 0;
        for (int rank = 0; rank < keep; rank++) {
            cumulative += p[order[rank]];
            if (cumulative >= topP) {
                keep = rank + 1;
                break;
            }
        }
        return Arrays.stream(order).limit(keep).mapToInt(Integer::intValue).toArray();
    }

    private static float[] distribution(SplittableRandom random, int n, double spread, boolean ties) {
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = ties ? random.nextInt(6) : (float) (random.nextGaussian() * spread);
        }
        return Sampler.softmax(logits);
    }

    @Test
    void theHeadIsTheSortedVocabularyCut() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : new int[]{1, 5, 300, 49_152}) {
            for (double spread : new double[]{0.1, 1, 5}) {
                for (boolean ties : new boolean[]{false, true}) {
                    float[] p = distribution(random, n, spread, ties);
                    for (int topK : new int[]{0, 1, 40, n}) {
                        for (float topP : new float[]{0.1f, 0.9f, 0.95f, 1f}) {
                            assertArrayEquals(bySorting(p, topK, topP), TopTokens.head(p, topK, topP),
                                    "n " + n + " spread " + spread + " ties " + ties + " top-k " + topK + " top-p " + topP);
                        }
                    }
                }
            }
        }
    }

    @Test
    void mostProbableRanksTheLargestFirst() {
        float[] p = {0.1f, 0.3f, 0.05f, 0.3f, 0.25f};
        assertArrayEquals(new int[]{1, 3, 4}, TopTokens.mostProbable(p, 3), "equal probabilities: lower token first");
        assertArrayEquals(new int[]{1, 3, 4, 0, 2}, TopTokens.mostProbable(p, 10), "asking for more than there are");
    }
}
