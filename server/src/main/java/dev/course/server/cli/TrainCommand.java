package dev.course.server.cli;

import dev.course.engine.generate.GenerationRequest;
import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.sample.SamplingConfig;
import dev.course.engine.generate.train.Corpus;
import dev.course.engine.generate.train.TrainedModels;
import dev.course.engine.generate.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course train [--corpus lessons|jdk|DIR] [--size tiny|small]}: trains one of the course's
 * own small Llama-architecture models in pure Java, with a progress bar and the validation loss,
 * saves it as GGUF in the cache (where {@code --model trained} finds the default one) with its
 * manifest ({@code NAME.manifest.json}: command, recipe, validation loss, SHA-256), and prints a sample.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a tiny Llama-architecture model on local text (pure Java, a few minutes on two cores).")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--corpus", paramLabel = "lessons|jdk|DIR", defaultValue = Corpus.DEFAULT,
            description = "What to train on: lessons, jdk, a folder (its .md, .markdown, .txt and .java files, as index --corpus DIR reads them), or several joined by commas (default: ${DEFAULT-VALUE}).")
    String corpus;

    @Option(names = "--size", paramLabel = "tiny|small", defaultValue = "tiny", completionCandidates = TrainCommand.Sizes.class,
            description = "Model size: tiny (about 2 minutes) or small (about 4 minutes) on two idle cores (default: ${DEFAULT-VALUE}).")
    TrainedModels.Size size;

    @Option(names = "--steps", paramLabel = "N", description = "Override the number of optimisation steps.")
    Integer steps;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to save the model (default: the cache, ${sys:user.home}/.cache/course/models).")
    Path out;

    @Option(names = "--prompt", defaultValue = "Returns the", description = "The prompt for the sample printed at the end (default: '${DEFAULT-VALUE}').")
    String prompt;

    @Override
    public Integer call() throws Exception {
        PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        var config = steps == null ? size.config() : size.config().withSteps(steps);
        Path target = out != null ? out : TrainedModels.path(corpus, size);
        console.printf(Locale.ROOT, "course train: corpus %s, size %s: %d layers, width %d, %d heads (%d key/value), "
                        + "%d-token vocabulary, %d steps of %d x %d tokens%n",
                corpus, size.label(), config.layers(), config.dim(), config.heads(), config.kvHeads(),
                config.vocabSize(), config.steps(), config.batchSize(), config.seqLen());
        TrainingRun run = TrainedModels.train(corpus, config, target, console, commandLine());
        console.printf(Locale.ROOT, "loss: first step %.3f, last step %.3f; validation %.3f (%d training / %d validation tokens)%n",
                run.trainLoss().getFirst().loss(), run.trainLoss().getLast().loss(), run.finalValidationLoss(),
                run.trainTokens(), run.validationTokens());
        var generator = LocalModel.load(target).generator();
        var sample = generator.generate(GenerationRequest.completion(prompt).withMaxTokens(48)
                .withSampling(SamplingConfig.defaults().withTemperature(0.8f)));
        console.println("sample: " + prompt + sample.text());
        return 0;
    }

    /** This command as it was asked for, options spelled out, for the model's manifest. */
    String commandLine() {
        return "./course train --corpus " + corpus + " --size " + size.label()
                + (steps == null ? "" : " --steps " + steps) + (out == null ? "" : " --out " + out);
    }

    /** The choices of --size, for shell completion. */
    static final class Sizes extends LowerCaseChoices {
        private static final long serialVersionUID = 1L;

        Sizes() {
            super(TrainedModels.Size.class);
        }
    }
}
