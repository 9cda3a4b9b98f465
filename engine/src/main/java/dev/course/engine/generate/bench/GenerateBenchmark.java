package dev.course.engine.generate.bench;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.model.InferenceState;
import dev.course.engine.generate.model.LlamaModel;
import dev.course.engine.generate.sample.Sampler;
import dev.course.engine.generate.tensor.WeightMemory;

import java.util.Locale;

/**
 * Tokens per second for prompt processing (all prompt tokens through each matrix at once) and
 * generation (one token at a time) on a model of realistic size, next to the bound memory bandwidth sets: generating a token reads every weight once, so it cannot be faster
 * than {@code bandwidth / bytes read per token}. The ratio says how close the engine gets.
 */
public final class GenerateBenchmark {

    public static final int DEFAULT_PROMPT_TOKENS = 32;
    public static final int DEFAULT_GENERATED_TOKENS = 32;
    /**
     * Tokens run before timing, so the JIT has compiled the hot loops: on this machine the first few
     * dozen tokens run at two thirds of the later speed.
     */
    public static final int WARMUP_TOKENS = 64;
    /**
     * The prompt and the generation are each timed this many times and the best time kept, as the
     * bandwidth bound keeps its best read (of ten, in {@code ./course bench generate}): on a machine
     * shared with other programs one run of a third of a second can fall in a busy moment, and both
     * sides of the ratio are then measured alike.
     */
    public static final int ROUNDS = 5;

    /**
     * One measurement.
     *
     * @param model              the model's description
     * @param type               the weights' format
     * @param parameters         number of weights
     * @param bytesPerToken      bytes of weights and KV cache read per generated token
     * @param bandwidth          measured streaming read bandwidth, bytes/s
     * @param promptTokensPerS   prompt processing speed
     * @param genTokensPerS      generation speed
     */
    public record Result(String model, GgufType type, long parameters, long bytesPerToken, double bandwidth,
                         double promptTokensPerS, double genTokensPerS) implements Renderable {

        /** The memory-bandwidth bound on generation speed. */
        public double boundTokensPerS() {
            return bandwidth / bytesPerToken;
        }

        /** Generation speed as a share of the bound. */
        public double ratio() {
            return genTokensPerS / boundTokensPerS();
        }

        /** One line of JSON, the format scripts read. */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"bench\": \"generate\", \"model\": \"%s\", \"type\": \"%s\", "
                            + "\"parameters\": %d, \"bytes_per_token\": %d, \"bandwidth_gb_per_s\": %.2f, "
                            + "\"prompt_tokens_per_s\": %.2f, \"gen_tokens_per_s\": %.2f, \"bound_tokens_per_s\": %.2f, \"ratio\": %.3f, "
                            + "\"weight_pages\": \"%s\"}",
                    model, type, parameters, bytesPerToken, bandwidth / 1e9, promptTokensPerS, genTokensPerS,
                    boundTokensPerS(), ratio(), WeightMemory.hugePages() ? "2 MB" : "4 KB");
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s: prompt %.1f tok/s, generation %.1f tok/s; bound %.1f tok/s "
                            + "(%.2f GB/s / %.1f MB per token); ratio %.2f; weights on %s pages",
                    model, type, promptTokensPerS, genTokensPerS, boundTokensPerS(), bandwidth / 1e9,
                    bytesPerToken / 1e6, ratio(), WeightMemory.pages());
        }

        @Override
        public MimeBundle render() {
            return MimeBundle.text(toString());
        }
    }

    private GenerateBenchmark() {
    }

    /** Measures {@code model}, with {@code bandwidth} measured by the caller in the same run. */
    public static Result run(String name, LlamaModel model, double bandwidth, int promptTokens, int generatedTokens) {
        InferenceState state = model.newState();
        int vocab = model.config().vocabSize();
        for (int i = 0; i < WARMUP_TOKENS; i++) {
            model.forward(state, (i * 7919) % vocab);
        }
        state.reset();
        model.prefill(state, new int[]{1, 2, 3, 4});           // warm the prefill path too
        state.reset();
        int[] prompt = new int[promptTokens];
        for (int i = 0; i < promptTokens; i++) {
            prompt[i] = (i * 104729) % vocab;
        }
        double promptSeconds = Double.MAX_VALUE;
        double genSeconds = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            state.reset();
            long start = System.nanoTime();
            float[] logits = model.prefill(state, prompt);
            promptSeconds = Math.min(promptSeconds, (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (int i = 0; i < generatedTokens; i++) {
                logits = model.forward(state, Sampler.argmax(logits));
            }
            genSeconds = Math.min(genSeconds, (System.nanoTime() - start) / 1e9);
        }
        int averagePosition = promptTokens + generatedTokens / 2;
        long kvBytes = state.cache().bytesFor(averagePosition);
        long bytes = model.weights().bytesReadPerToken() + kvBytes;
        return new Result(name, model.weights().wq()[0].type(), model.config().parameterCount() - (long) vocab * model.config().dim(),
                bytes, bandwidth, promptTokens / promptSeconds, generatedTokens / genSeconds);
    }
}
