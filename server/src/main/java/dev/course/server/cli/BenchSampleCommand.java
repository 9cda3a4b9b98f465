package dev.course.server.cli;

import dev.course.engine.generate.bench.SamplingBenchmark;
import dev.course.engine.generate.sample.SamplingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code course bench sample [--json]}: the time to turn one token's logits into the distribution
 * the draw uses, for the default settings (top-k 40, top-p 0.95), top-p alone, and no cut, against
 * sorting the whole vocabulary in the same run. {@code --json} prints one line per setting:
 * {@code {"bench": "sample", "top_k": …, "top_p": …, "ms_per_token": …, "baseline_ms_per_token": …, "speedup": …}}.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Top-k/top-p sampling per token over a SmolLM2-sized vocabulary, against sorting the whole vocabulary.")
public final class BenchSampleCommand implements Callable<Integer> {

    @Mixin
    JsonOption json;

    @Option(names = "--vocabulary", defaultValue = "" + SamplingBenchmark.DEFAULT_VOCABULARY, converter = OptionRanges.AtLeastOne.class,
            description = "Tokens in the vocabulary (default: ${DEFAULT-VALUE}, SmolLM2's).")
    int vocabulary;

    @Override
    public Integer call() {
        SamplingConfig defaults = SamplingConfig.defaults();
        for (SamplingConfig config : List.of(defaults, defaults.withTopK(0), defaults.withTopK(0).withTopP(1))) {
            var result = SamplingBenchmark.run(config, vocabulary);
            System.out.println(json.on() ? result.toJson() : result.toString());
        }
        return 0;
    }
}
