package dev.course.server.cli;

import dev.course.engine.generate.bench.GenerateBenchmark;
import dev.course.engine.generate.bench.MemoryBandwidth;
import dev.course.engine.generate.bench.RandomModels;
import dev.course.engine.generate.gguf.GgufType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course bench generate [--json]}: generation speed on a model the size of SmolLM2-135M
 * (random weights; speed does not depend on their values) in Q8_0 and F32, against the bound that
 * memory bandwidth, measured in the same run, puts on it. {@code --json} prints one line per format:
 * {@code {"bench": "generate", "model": …, "gen_tokens_per_s": …, "bound_tokens_per_s": …, "ratio": …}}.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Tokens/s of the engine's transformer (SmolLM2-135M shape, Q8_0 and F32) against the memory-bandwidth bound.")
public final class BenchGenerateCommand implements Callable<Integer> {

    @Mixin
    JsonOption json;

    @Option(names = "--type", paramLabel = "Q8_0|F32|F16|Q4_0", split = ",", defaultValue = "Q8_0,F32",
            description = "Weight formats to measure (default: ${DEFAULT-VALUE}).")
    List<GgufType> types;

    @Option(names = "--tokens", defaultValue = "32", description = "Prompt tokens, and again generated tokens (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Override
    public Integer call() {
        for (GgufType type : types) {
            if (!json.on()) {
                System.out.println("building a SmolLM2-135M-shaped model with random " + type + " weights...");
            }
            var model = RandomModels.create(RandomModels.smolLm2_135m(2 * tokens + GenerateBenchmark.WARMUP_TOKENS + 8), type, 1);
            // measured right before and right after each model runs, keeping the best: on a shared
            // machine a single measurement can fall in a busy moment and understate the bound
            double before = MemoryBandwidth.measure(MemoryBandwidth.DEFAULT_BYTES, MemoryBandwidth.DEFAULT_REPEATS);
            var measured = GenerateBenchmark.run("SmolLM2-135M-shape", model, before, tokens, tokens);
            double bandwidth = Math.max(before, MemoryBandwidth.measure(MemoryBandwidth.DEFAULT_BYTES, MemoryBandwidth.DEFAULT_REPEATS));
            var result = new GenerateBenchmark.Result(measured.model(), measured.type(), measured.parameters(),
                    measured.bytesPerToken(), bandwidth, measured.promptTokensPerS(), measured.genTokensPerS());
            if (!json.on()) {
                System.out.printf(Locale.ROOT, "memory bandwidth (streaming read of 1 GiB on all cores, best before/after): %.2f GB/s%n",
                        bandwidth / 1e9);
            }
            System.out.println(json.on() ? result.toJson() : result.toString());
        }
        return 0;
    }
}
