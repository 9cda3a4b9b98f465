package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.generate.bench.GenerateBenchmark;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code --against llamacpp} line: the existing keys, llama.cpp's speeds, and the ratios ours / theirs. */
class BenchGenerateCommandTest {

    @Test
    void theLineKeepsTheExistingKeysAndAddsLlamaCppsSpeedsAndTheRatios() throws Exception {
        var ours = new GenerateBenchmark.Result("SmolLM2-135M-shape", "Q4_K_M", 106_000_000L, 80_000_000L, 30e9, 300, 120);
        JsonNode line = new ObjectMapper().readTree(BenchGenerateCommand.jsonAgainst(ours,
                new GenerateBenchmark.Speed(400, 60), new BenchGenerateCommand.FirstToken(3000, 1800, 1500), 2));

        assertEquals("generate", line.get("bench").asText());
        assertEquals("Q4_K_M", line.get("type").asText());
        assertEquals(300, line.get("prompt_tokens_per_s").asDouble(), 1e-9);
        assertEquals(120, line.get("gen_tokens_per_s").asDouble(), 1e-9);
        assertTrue(line.has("bound_tokens_per_s") && line.has("ratio"));
        assertEquals(60, line.get("llamacpp_tokens_per_s").asDouble(), 1e-9);
        assertEquals(400, line.get("llamacpp_prompt_tokens_per_s").asDouble(), 1e-9);
        assertEquals(2.0, line.get("vs_llamacpp").asDouble(), 1e-9, "ours / theirs, generation");
        assertEquals(0.75, line.get("prompt_vs_llamacpp").asDouble(), 1e-9, "ours / theirs, prompt processing");
        assertEquals(512, line.get("prompt_tokens").asInt());
        assertEquals(2, line.get("threads").asInt());
        assertEquals(3000, line.get("first_token_ms").asDouble(), 1e-9);
        assertEquals(1800, line.get("first_token_prompt_ms").asDouble(), 1e-9);
        assertEquals(1500, line.get("llamacpp_first_token_ms").asDouble(), 1e-9);
        assertEquals(2.0, line.get("first_token_vs_llamacpp").asDouble(), 1e-9, "ours / theirs, a ratio of times");
    }

    @Test
    void llamaCppIsAvailableToTheBenchCommandInTests() {
        assertNull(LlamaCppBench.unavailableBecause(), "provided scope puts it on the test class path");
    }
}
