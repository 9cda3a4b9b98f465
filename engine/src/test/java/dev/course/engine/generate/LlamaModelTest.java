package dev.course.engine.generate;

import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.model.InferenceState;
import dev.course.engine.generate.model.LlamaModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's forward pass against the naive double-precision reference, on models written by the test. */
class LlamaModelTest {

    /**
     * Float rounding in a model of width 64; sums over wider rows round more, and the K-quants'
     * {@code d*sc*sum(q*x) - dmin*m*sum(x)} subtracts two sums of similar size, so the 256-wide
     * shapes get {@link #tolerance} in proportion.
     */
    static final double TOLERANCE = 1e-4;

    static double tolerance(LlamaModel model) {
        return TOLERANCE * Math.max(1, model.config().dim() / 64);
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"llama, F32", "llama, F16", "llama, BF16", "llama, Q8_0", "llama, Q4_0", "llama, Q4_K", "llama, Q5_K",
            "llama, Q6_K", "qwen2, F32", "qwen2, Q8_0", "qwen3, F32", "qwen3, Q6_K"})
    void matchesTheReferenceWithTheKvCache(String architecture, GgufType type) throws Exception {
        LocalModel local = LocalModel.load(RandomModelFile.shapedFor(type).architecture(architecture).type(type).write(dir));
        int[] tokens = local.tokenizer().encode("The cat sat on the mat, and the dog sat on the log.");
        assertTrue(tokens.length > 8, "a prompt of several tokens");
        double[][] expected = new ReferenceTransformer(local.model().config(), local.model().weights()).logits(tokens);

        InferenceState state = local.model().newState();
        for (int t = 0; t < tokens.length; t++) {
            float[] logits = local.model().forward(state, tokens[t]);
            assertClose(expected[t], logits, tolerance(local.model()), "position " + t);
        }
    }

    @Test
    void matchesTheReferenceWithoutTheKvCache() throws Exception {
        LocalModel local = LocalModel.load(new RandomModelFile().write(dir));
        LlamaModel model = local.model();
        int[] tokens = local.tokenizer().encode("A cat and a dog met on the mat.");
        double[][] expected = new ReferenceTransformer(model.config(), model.weights()).logits(tokens);
        for (int t = 0; t < tokens.length; t++) {
            InferenceState fresh = model.newState();            // recompute the whole prefix: no cache reused
            float[] logits = null;
            for (int s = 0; s <= t; s++) {
                logits = model.forward(fresh, tokens[s]);
            }
            assertClose(expected[t], logits, "position " + t + " recomputed from scratch");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"llama, F32", "llama, Q8_0", "qwen2, Q4_0", "qwen3, Q4_K", "llama, Q6_K"})
    void prefillEqualsTokenByTokenAndLeavesTheSameCache(String architecture, GgufType type) throws Exception {
        LlamaModel model = LocalModel.load(RandomModelFile.shapedFor(type).architecture(architecture).type(type).write(dir)).model();
        int[] prompt = {5, 77, 260, 31, 9, 140, 200, 3, 18};
        int[] next = {42, 7};
        InferenceState one = model.newState();
        float[] expected = null;
        for (int token : prompt) expected = model.forward(one, token).clone();
        InferenceState batch = model.newState();
        model.prefill(batch, java.util.Arrays.copyOf(prompt, 4));                 // in two parts
        float[] actual = model.prefill(batch, java.util.Arrays.copyOfRange(prompt, 4, prompt.length)).clone();
        assertEquals(prompt.length, batch.length());
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], tolerance(model), "logit " + i);
        for (int token : next) {                            // the caches agree: generation continues identically
            float[] a = model.forward(one, token), b = model.forward(batch, token);
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], tolerance(model), "after prefill, logit " + i);
        }
    }

    /**
     * A prompt long enough for every path of the batched product (several tiles of tokens and one
     * left over) and of attention (the positions past {@code Parallel.MIN_PARALLEL_ROWS}, where heads
     * share the cores) gives the logits of decoding it token by token, for every weight format.
     * Twice the short prompts' tolerance: one token's product sums a K-quant block as
     * {@code d*sc*sum(q*x) - dmin*m*sum(x)}, the batched one multiplies decoded weights, and over 77
     * positions the two roundings drifted 4.2e-4 apart on Q4_K (with plain loops; 1.05x the tolerance).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"llama, F32", "llama, F16", "llama, BF16", "llama, Q8_0", "llama, Q4_0", "llama, Q4_K", "llama, Q5_K",
            "llama, Q6_K", "qwen2, Q8_0", "qwen3, Q6_K"})
    void longPromptInOneBatchEqualsTokenByToken(String architecture, GgufType type) throws Exception {
        var file = RandomModelFile.shapedFor(type).architecture(architecture).type(type);
        file.context = Math.max(file.context, 96);
        LlamaModel model = LocalModel.load(file.write(dir)).model();
        int[] prompt = new int[dev.course.engine.generate.tensor.Parallel.MIN_PARALLEL_ROWS + 13];
        for (int i = 0; i < prompt.length; i++) prompt[i] = (i * 37 + 5) % model.config().vocabSize();
        InferenceState one = model.newState();
        float[] expected = null;
        for (int token : prompt) expected = model.forward(one, token);
        float[] actual = model.prefill(model.newState(), prompt);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 2 * tolerance(model), "logit " + i);
    }

    @Test
    void tiedOutputUsesTheEmbedding() throws Exception {
        var file = new RandomModelFile();
        file.tiedOutput = true;
        LocalModel local = LocalModel.load(file.write(dir));
        assertEquals(local.model().weights().tokenEmbedding(), local.model().weights().output());
        int[] tokens = local.tokenizer().encode("the mat");
        double[][] expected = new ReferenceTransformer(local.model().config(), local.model().weights()).logits(tokens);
        InferenceState state = local.model().newState();
        for (int t = 0; t < tokens.length; t++) {
            assertClose(expected[t], local.model().forward(state, tokens[t]), "position " + t);
        }
    }

    static void assertClose(double[] expected, float[] actual, String where) {
        assertClose(expected, actual, TOLERANCE, where);
    }

    static void assertClose(double[] expected, float[] actual, double tolerance, String where) {
        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance, where + ": largest logit difference " + worst);
    }
}
