package dev.course.engine.generate.bench;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
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
     * @param type               the weights' format ({@code Q8_0}, or a mix such as {@code Q4_K_M})
     * @param parameters         number of weights
     * @param bytesPerToken      bytes of weights and KV cache read per generated token
     * @param bandwidth          measured streaming read bandwidth, bytes/s
     * @param promptTokensPerS   prompt processing speed
     * @param genTokensPerS      generation speed
     */
    public record Result(String model, String type, long parameters, long bytesPerToken, double bandwidth,
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

    /**
     * Something that runs a causal language model token by token, to be timed: the engine's model
     * ({@link #decoder(LlamaModel, InferenceState)}), or another program on the same file.
     */
    public interface Decoder {
        /** Empties the KV cache: the next token goes at position 0. */
        void reset();

        /** Runs {@code tokens} at the next positions, all at once, and returns the logits after the last. */
        float[] prefill(int[] tokens);

        /** Runs one token at the next position and returns the logits after it. */
        float[] next(int token);
    }

    /** Prompt processing and generation speed, tokens per second. */
    public record Speed(double promptTokensPerS, double genTokensPerS) {
    }

    /** The engine's model as a {@link Decoder}, with its KV cache in {@code state}. */
    public static Decoder decoder(LlamaModel model, InferenceState state) {
        return new Decoder() {
            @Override
            public void reset() {
                state.reset();
            }

            @Override
            public float[] prefill(int[] tokens) {
                return model.prefill(state, tokens);
            }

            @Override
            public float[] next(int token) {
                return model.forward(state, token);
            }
        };
    }

    /** Measures {@code model}, with {@code bandwidth} measured by the caller in the same run. */
    public static Result run(String name, LlamaModel model, double bandwidth, int promptTokens, int generatedTokens) {
        return run(name, model.weights().wq()[0].type().name(), model, bandwidth, promptTokens, generatedTokens);
    }

    /** {@link #run(String, LlamaModel, double, int, int)} for weights of format (or mix) {@code type}. */
    public static Result run(String name, String type, LlamaModel model, double bandwidth, int promptTokens, int generatedTokens) {
        int vocab = model.config().vocabSize();
        InferenceState state = model.newState();
        Speed speed = time(decoder(model, state), vocab, promptTokens, generatedTokens);
        int averagePosition = promptTokens + generatedTokens / 2;
        long kvBytes = state.cache().bytesFor(averagePosition);
        long bytes = model.weights().bytesReadPerToken() + kvBytes;
        return new Result(name, type, model.config().parameterCount() - (long) vocab * model.config().dim(),
                bytes, bandwidth, speed.promptTokensPerS(), speed.genTokensPerS());
    }

    /**
     * Times {@code decoder}: {@link #WARMUP_TOKENS} tokens and a short prompt first, then, best of
     * {@link #ROUNDS}, a prompt of {@code promptTokens} fixed token ids in one pass and
     * {@code generatedTokens} greedy tokens after it. Every program compared is timed by this one
     * procedure, on the same token ids.
     */
    public static Speed time(Decoder decoder, int vocab, int promptTokens, int generatedTokens) {
        decoder.reset();
        for (int i = 0; i < WARMUP_TOKENS; i++) {
            decoder.next((i * 7919) % vocab);
        }
        decoder.reset();
        decoder.prefill(new int[]{1, 2, 3, 4});           // warm the prefill path too
        int[] prompt = new int[promptTokens];
        for (int i = 0; i < promptTokens; i++) {
            prompt[i] = (i * 104729) % vocab;
        }
        double promptSeconds = Double.MAX_VALUE;
        double genSeconds = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            decoder.reset();
            long start = System.nanoTime();
            float[] logits = decoder.prefill(prompt);
            promptSeconds = Math.min(promptSeconds, (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (int i = 0; i < generatedTokens; i++) {
                logits = decoder.next(Sampler.argmax(logits));
            }
            genSeconds = Math.min(genSeconds, (System.nanoTime() - start) / 1e9);
        }
        return new Speed(promptTokens / promptSeconds, generatedTokens / genSeconds);
    }
}
