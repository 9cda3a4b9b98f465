package dev.course.engine.generate;

import dev.course.engine.generate.sample.Sampler;
import dev.course.engine.generate.sample.SamplingConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {

    static final float[] LOGITS = {2.0f, 1.0f, 0.5f, -1.0f, 3.0f};

    @Test
    void greedyTakesTheLargestLogit() {
        assertEquals(4, new Sampler(SamplingConfig.greedy()).sample(LOGITS, new int[0]));
    }

    @Test
    void temperatureSharpensOrFlattens() {
        var base = SamplingConfig.defaults().withTopK(0).withTopP(1).withRepetitionPenalty(1);
        float[] cold = new Sampler(base.withTemperature(0.5f)).distribution(LOGITS, null);
        float[] normal = new Sampler(base.withTemperature(1f)).distribution(LOGITS, null);
        float[] hot = new Sampler(base.withTemperature(2f)).distribution(LOGITS, null);
        assertArrayEquals(Sampler.softmax(LOGITS), normal, 1e-6f);
        assertTrue(cold[4] > normal[4] && normal[4] > hot[4], "the favourite gains as the temperature falls");
    }

    @Test
    void topKAndTopPCutTheTail() {
        var base = SamplingConfig.defaults().withTemperature(1).withRepetitionPenalty(1);
        float[] k2 = new Sampler(base.withTopK(2).withTopP(1)).distribution(LOGITS, null);
        assertEquals(2, count(k2), "top-k 2 keeps two tokens");
        assertEquals(1, sum(k2), 1e-6);
        float[] p = Sampler.softmax(LOGITS);            // 0.636 for token 4, 0.234 for token 0, ...
        float[] p80 = new Sampler(base.withTopK(0).withTopP(0.8f)).distribution(LOGITS, null);
        assertEquals(2, count(p80), "0.636 < 0.8 <= 0.636 + 0.234: two tokens");
        assertEquals(p[4] / (p[4] + p[0]), p80[4], 1e-6);
    }

    @Test
    void repetitionPenaltyLowersSeenTokens() {
        var config = SamplingConfig.greedy().withRepetitionPenalty(2f);
        assertEquals(0, new Sampler(config).sample(LOGITS, new int[]{4}), "3.0 / 2 = 1.5 < 2.0");
    }

    @Test
    void aSeedRepeatsTheDraws() {
        var config = SamplingConfig.defaults().withTemperature(1.5f).withTopK(0).withTopP(1).withSeed(9);
        int[] a = new int[50], b = new int[50];
        Sampler first = new Sampler(config), second = new Sampler(config);
        for (int i = 0; i < 50; i++) {
            a[i] = first.sample(LOGITS, null);
            b[i] = second.sample(LOGITS, null);
        }
        assertArrayEquals(a, b);
        assertTrue(java.util.Arrays.stream(a).distinct().count() > 2, "a hot sampler varies");
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SamplingConfig.defaults().withTopP(0));
        assertThrows(IllegalArgumentException.class, () -> SamplingConfig.defaults().withTemperature(-1));
        assertThrows(IllegalArgumentException.class, () -> SamplingConfig.defaults().withRepetitionPenalty(0.5f));
    }

    static int count(float[] p) {
        int n = 0;
        for (float v : p) if (v > 0) n++;
        return n;
    }

    static double sum(float[] p) {
        double s = 0;
        for (float v : p) s += v;
        return s;
    }
}
