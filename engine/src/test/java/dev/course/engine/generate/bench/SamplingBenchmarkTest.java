package dev.course.engine.generate.bench;

import dev.course.engine.generate.sample.Sampler;
import dev.course.engine.generate.sample.SamplingConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's baseline is the sampler's definition, and its report carries what scripts read. */
class SamplingBenchmarkTest {

    @Test
    void theBaselineGivesTheSamplersDistribution() {
        float[] logits = SamplingBenchmark.logits(5_000, 3);
        for (SamplingConfig config : new SamplingConfig[]{SamplingConfig.defaults(), SamplingConfig.defaults().withTopK(0),
                SamplingConfig.defaults().withTopK(0).withTopP(1), SamplingConfig.defaults().withTopK(3).withTemperature(1.5f)}) {
            assertArrayEquals(SamplingBenchmark.bySorting(logits, config), new Sampler(config).distribution(logits, null), 1e-6f,
                    config.toString());
        }
    }

    @Test
    void aRunReportsBothTimesAndTheirRatio() {
        var result = SamplingBenchmark.run(SamplingConfig.defaults(), 2_000);
        assertTrue(result.msPerToken() > 0 && result.baselineMsPerToken() > 0, result.toString());
        assertEquals(result.baselineMsPerToken() / result.msPerToken(), result.speedup(), 1e-9);
        String json = result.toJson();
        for (String key : new String[]{"\"bench\": \"sample\"", "\"top_k\": 40", "\"top_p\": 0.95", "\"ms_per_token\"",
                "\"baseline_ms_per_token\"", "\"speedup\""}) {
            assertTrue(json.contains(key), key + " in " + json);
        }
    }
}
