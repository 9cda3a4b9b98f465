package dev.course.server.cli;

import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.bench.GenerateBenchmark;
import dev.course.engine.generate.bench.MemoryBandwidth;
import dev.course.engine.generate.bench.RandomModelFiles;
import dev.course.engine.generate.bench.RandomModels;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.model.JitWarmup;
import dev.course.engine.generate.model.LlamaModel;
import dev.course.engine.generate.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code course bench generate [--json] [--against llamacpp]}: generation speed on a model the size of
 * SmolLM2-135M (random weights; speed does not depend on their values) against the bound that memory
 * bandwidth, measured in the same run, puts on it. {@code --json} prints one line per format:
 * {@code {"bench": "generate", "model": …, "type": …, "prompt_tokens_per_s": …, "gen_tokens_per_s": …,
 * "bound_tokens_per_s": …, "ratio": …}}.
 *
 * <p>With {@code --against llamacpp} the engine writes the model as a GGUF file of each type (Q8_0 and
 * Q4_K_M by default), and the engine and llama.cpp are timed on that same file, with the same thread
 * count, one after the other in the same run, by the same procedure, with a prompt of
 * {@value #LLAMACPP_PROMPT_TOKENS} tokens. Each line gains {@code "llamacpp_tokens_per_s"},
 * {@code "llamacpp_prompt_tokens_per_s"}, {@code "vs_llamacpp"} (ours / theirs, generation) and
 * {@code "prompt_vs_llamacpp"} (ours / theirs, prompt processing). Then the first token of that prompt
 * in a fresh {@code ./course generate} process against llama.cpp loading the file and running the
 * prompt ({@link FirstTokenBench}): {@code "first_token_ms"}, {@code "first_token_prompt_ms"},
 * {@code "llamacpp_first_token_ms"} and {@code "first_token_vs_llamacpp"} (ours / theirs, a ratio of times).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Tokens/s of the engine's transformer (SmolLM2-135M shape) against the memory-bandwidth bound,"
                + " and with --against llamacpp against llama.cpp on the same GGUF file.")
public final class BenchGenerateCommand implements Callable<Integer> {

    /** The prompt both programs process with {@code --against llamacpp}: a RAG prompt's order of size. */
    static final int LLAMACPP_PROMPT_TOKENS = 512;
    static final String MODEL = "SmolLM2-135M-shape";

    @Mixin
    JsonOption json;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Weight formats: Q8_0, F32, F16, Q4_0 (default: Q8_0,F32); with --against llamacpp,"
                    + " GGUF file types Q8_0 and Q4_K_M (default: both).")
    List<String> types;

    @Option(names = "--tokens", defaultValue = "32", converter = OptionRanges.AtLeastOne.class,
            description = "Generated tokens, and prompt tokens without --against (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--against", paramLabel = "llamacpp",
            description = "Also time llama.cpp (de.kherud:llama's library) on the same GGUF file written by the engine,"
                    + " same thread count, same run; prompt of " + LLAMACPP_PROMPT_TOKENS + " tokens.")
    String against;

    @Override
    public Integer call() throws IOException {
        if (against != null) {
            if (!against.equals("llamacpp")) {
                return fail("--against takes llamacpp, not '" + against + "'");
            }
            return againstLlamaCpp();
        }
        List<GgufType> formats = new ArrayList<>();
        for (String type : types == null ? List.of("Q8_0", "F32") : types) {
            try {
                formats.add(GgufType.valueOf(type.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return fail("--type " + type + " is not a weight format: give Q8_0, F32, F16 or Q4_0");
            }
        }
        for (GgufType type : formats) {
            if (!json.on()) {
                System.out.println("building a SmolLM2-135M-shaped model with random " + type + " weights...");
            }
            var model = RandomModels.create(RandomModels.smolLm2_135m(2 * tokens + GenerateBenchmark.WARMUP_TOKENS + 8), type, 1);
            print(measure(model, type.name(), tokens));
        }
        return 0;
    }

    /**
     * Ours, measured with the bandwidth bound right before and right after (keeping the best: on a shared
     * machine a single measurement can fall in a busy moment and understate the bound).
     */
    private GenerateBenchmark.Result measure(LlamaModel model, String type, int promptTokens) {
        double before = MemoryBandwidth.measure(MemoryBandwidth.DEFAULT_BYTES, MemoryBandwidth.DEFAULT_REPEATS);
        var measured = GenerateBenchmark.run(MODEL, type, model, before, promptTokens, tokens);
        double bandwidth = Math.max(before, MemoryBandwidth.measure(MemoryBandwidth.DEFAULT_BYTES, MemoryBandwidth.DEFAULT_REPEATS));
        return new GenerateBenchmark.Result(measured.model(), measured.type(), measured.parameters(),
                measured.bytesPerToken(), bandwidth, measured.promptTokensPerS(), measured.genTokensPerS());
    }

    private void print(GenerateBenchmark.Result result) {
        if (!json.on()) {
            System.out.printf(Locale.ROOT, "memory bandwidth (streaming read of 1 GiB on all cores, best before/after): %.2f GB/s%n",
                    result.bandwidth() / 1e9);
        }
        System.out.println(json.on() ? result.toJson() : result.toString());
    }

    private int againstLlamaCpp() throws IOException {
        String unavailable = LlamaCppBench.unavailableBecause();
        if (unavailable != null) {
            return fail(unavailable);
        }
        List<RandomModelFiles.FileType> fileTypes = new ArrayList<>();
        for (String type : types == null ? List.of("Q8_0", "Q4_K_M") : types) {
            try {
                fileTypes.add(RandomModelFiles.FileType.valueOf(type.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return fail("--type " + type + " is not a file type --against llamacpp writes: give Q8_0 or Q4_K_M");
            }
        }
        int threads = Parallel.threads();
        int context = Math.max(GenerateBenchmark.WARMUP_TOKENS, LLAMACPP_PROMPT_TOKENS + tokens) + 8;
        Path dir = Files.createTempDirectory("course-bench-llamacpp");
        try {
            for (RandomModelFiles.FileType type : fileTypes) {
                if (!json.on()) {
                    System.out.println("writing a SmolLM2-135M-shaped " + type + " GGUF file with random weights...");
                }
                Path file = RandomModelFiles.write(dir.resolve("smollm2-135m-shape-" + type + ".gguf"), MODEL,
                        RandomModels.smolLm2_135m(context), type, 1);
                LocalModel local = LocalModel.load(file);
                LlamaModel model = local.model();
                JitWarmup.awaitAll();                      // nothing else on the cores while timing
                GenerateBenchmark.Result ours = measure(model, type.name(), LLAMACPP_PROMPT_TOKENS);
                GenerateBenchmark.Speed theirs = LlamaCppBench.time(file, threads, context, model.config().vocabSize(),
                        LLAMACPP_PROMPT_TOKENS, tokens);
                FirstToken first = firstToken(file, local, threads, context);
                if (json.on()) {
                    System.out.println(jsonAgainst(ours, theirs, first, threads));
                } else {
                    print(ours);
                    System.out.printf(Locale.ROOT, "%s on the same file, %d threads: prompt %.1f tok/s, generation %.1f tok/s;"
                                    + " ours / theirs: generation %.2f, prompt (%d tokens) %.2f%n",
                            LlamaCppBench.version(), threads, theirs.promptTokensPerS(), theirs.genTokensPerS(),
                            ours.genTokensPerS() / theirs.genTokensPerS(), LLAMACPP_PROMPT_TOKENS,
                            ours.promptTokensPerS() / theirs.promptTokensPerS());
                    System.out.printf(Locale.ROOT, "first token of a %d-token prompt, best of %d: a fresh ./course generate %.0f ms"
                                    + " (of which the prompt %.0f ms), llama.cpp (load and prompt) %.0f ms; ours / theirs %.2f%n",
                            LLAMACPP_PROMPT_TOKENS, FirstTokenBench.RUNS, first.oursMs(), first.oursPromptMs(), first.theirsMs(),
                            first.ratio());
                }
                Files.delete(file);
            }
        } finally {
            try (Stream<Path> left = Files.walk(dir)) {
                for (Path path : left.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        return 0;
    }

    /**
     * The wait for the first token of a {@value #LLAMACPP_PROMPT_TOKENS}-token prompt, milliseconds.
     *
     * @param oursMs       a fresh {@code ./course generate} process, from its start ({@link FirstTokenBench})
     * @param oursPromptMs the part of {@code oursMs} that the prompt took, as that process reports it
     * @param theirsMs     llama.cpp: loading the file and the prompt ({@link LlamaCppBench#firstTokenMillis})
     */
    record FirstToken(double oursMs, double oursPromptMs, double theirsMs) {
        /** Ours / theirs: a time, so below 1 is faster (the target is at most 1.5). */
        double ratio() {
            return oursMs / theirsMs;
        }
    }

    private static FirstToken firstToken(Path file, LocalModel model, int threads, int context) throws IOException {
        String prompt = FirstTokenBench.promptOf(model, LLAMACPP_PROMPT_TOKENS);
        int[] ids = model.generator().promptTokens(new dev.course.engine.generate.GenerationRequest(
                List.of(dev.course.engine.generate.ChatMessage.user(prompt)), false, 1,
                dev.course.engine.generate.sample.SamplingConfig.greedy(), List.of(), false));
        try {
            FirstTokenBench.Run ours = FirstTokenBench.best(file, prompt);
            return new FirstToken(ours.firstTokenMs(), ours.promptMs(), LlamaCppBench.firstTokenMillis(file, threads, context, ids));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing the first token", e);
        }
    }

    /**
     * Ours as {@link GenerateBenchmark.Result#toJson()} prints it, with llama.cpp's speeds, the ratios, and
     * the first token in a fresh process ({@code "first_token_ms"}, {@code "first_token_prompt_ms"},
     * {@code "llamacpp_first_token_ms"}, {@code "first_token_vs_llamacpp"}: ours / theirs, a ratio of times) added.
     */
    static String jsonAgainst(GenerateBenchmark.Result ours, GenerateBenchmark.Speed theirs, FirstToken first, int threads) {
        String base = ours.toJson();
        return base.substring(0, base.lastIndexOf('}')) + String.format(Locale.ROOT,
                ", \"threads\": %d, \"prompt_tokens\": %d, \"llamacpp_tokens_per_s\": %.2f, \"llamacpp_prompt_tokens_per_s\": %.2f,"
                        + " \"vs_llamacpp\": %.3f, \"prompt_vs_llamacpp\": %.3f, \"first_token_ms\": %.1f, \"first_token_prompt_ms\": %.1f,"
                        + " \"llamacpp_first_token_ms\": %.1f, \"first_token_vs_llamacpp\": %.3f}",
                threads, LLAMACPP_PROMPT_TOKENS, theirs.genTokensPerS(), theirs.promptTokensPerS(),
                ours.genTokensPerS() / theirs.genTokensPerS(), ours.promptTokensPerS() / theirs.promptTokensPerS(),
                first.oursMs(), first.oursPromptMs(), first.theirsMs(), first.ratio());
    }

    /** A mistake in what the command was given: one line and exit 2 (see {@link UserErrors}). */
    private static int fail(String message) {
        throw new UserError(message);
    }
}
