package dev.course.engine.generate.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The prompt's attention in blocks gives what token-by-token causal attention gives, computed here in double. */
class PromptAttentionTest {

    @ParameterizedTest(name = "{0} tokens after {1}, {2} heads on {3}, heads of {4}")
    @CsvSource({
            "77, 0, 9, 3, 64",      // SmolLM2's heads; blocks of 16 tokens and 13 left over
            "16, 0, 4, 4, 32",      // one block, no grouping
            "40, 23, 6, 2, 64",     // a prompt after cached positions (a chat's second turn)
            "1, 5, 2, 1, 128"})     // one token
    void blocksOfQueriesAndKeysGiveTheCausalAttentionOfEachToken(int n, int start, int heads, int kvHeads, int headSize) {
        assumeTrue(PromptAttention.applies(headSize), "the tiled path needs vectors that divide the head");
        var random = new SplittableRandom(n * 31L + start);
        int kvDim = kvHeads * headSize;
        float[] keys = randoms(random, (start + n) * kvDim), values = randoms(random, (start + n) * kvDim);
        float[][] q = new float[n][];
        for (int t = 0; t < n; t++) q[t] = randoms(random, heads * headSize);
        float[][] out = new float[n][heads * headSize + 3];

        PromptAttention.attend(q, n, start, keys, values, heads, kvHeads, headSize, out);

        int group = heads / kvHeads;
        for (int t = 0; t < n; t++) {
            int seen = start + t + 1;
            for (int h = 0; h < heads; h++) {
                int kvBase = (h / group) * headSize;
                double[] w = new double[seen];
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < seen; j++) {
                    double dot = 0;
                    for (int d = 0; d < headSize; d++) dot += (double) q[t][h * headSize + d] * keys[j * kvDim + kvBase + d];
                    w[j] = dot / Math.sqrt(headSize);
                    max = Math.max(max, w[j]);
                }
                for (int j = 0; j < seen; j++) sum += w[j] = Math.exp(w[j] - max);
                for (int d = 0; d < headSize; d++) {
                    double expected = 0;
                    for (int j = 0; j < seen; j++) expected += w[j] / sum * values[j * kvDim + kvBase + d];
                    assertEquals(expected, out[t][h * headSize + d], 1e-5, "token " + t + ", head " + h + ", number " + d);
                }
            }
        }
    }

    private static float[] randoms(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (random.nextDouble() * 4 - 2);
        return v;
    }
}
