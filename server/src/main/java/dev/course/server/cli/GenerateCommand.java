package dev.course.server.cli;

import dev.course.engine.generate.ChatMessage;
import dev.course.engine.generate.Generation;
import dev.course.engine.generate.GenerationException;
import dev.course.engine.generate.GenerationRequest;
import dev.course.engine.generate.Generator;
import dev.course.engine.generate.Generators;
import dev.course.engine.generate.gguf.GgufException;
import dev.course.engine.generate.sample.SamplingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course generate [--model PATH|trained|openai:URL] "prompt"}: streams a completion to the
 * terminal, token by token, then prints the speed on stderr. Instruct models get their chat format
 * with {@code --chat}.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text with a GGUF model, the course's trained model, or an OpenAI-compatible server.")
public final class GenerateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PROMPT", description = "The text to continue (or, with --chat, the user's message).")
    String prompt;

    @Option(names = "--model", paramLabel = "PATH|trained|trained-small|openai:URL",
            description = "A GGUF file, 'trained' or 'trained-small' (the course's own models), or openai:URL (default: $COURSE_GENERATOR, else trained).")
    String model;

    @Option(names = "--chat", description = "Wrap the prompt in the model's chat template (instruct models).")
    boolean chat;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message (implies --chat).")
    String system;

    @Option(names = {"-n", "--max-tokens"}, defaultValue = "128", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.7", description = "0 is greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", defaultValue = "40", description = "0 turns it off (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "0.95", description = "1 turns it off (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--repeat-penalty", defaultValue = "1.1", description = "1 turns it off (default: ${DEFAULT-VALUE}).")
    float repetitionPenalty;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when this text appears (repeatable).")
    List<String> stop = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Generator generator = Generators.open(model, System.err)) {
            List<ChatMessage> messages = new ArrayList<>();
            if (system != null) messages.add(ChatMessage.system(system));
            messages.add(ChatMessage.user(prompt));
            var request = new GenerationRequest(messages, chat || system != null, maxTokens,
                    new SamplingConfig(temperature, topK, topP, repetitionPenalty, seed), stop, false);
            boolean[] started = {false};
            Generation g = generator.generate(request, piece -> {
                if (!started[0] && !request.chat()) {
                    out.print(prompt);             // echo the prompt once the model has answered
                }
                started[0] = true;
                out.print(piece);
                out.flush();
            });
            out.println();
            System.err.printf(Locale.ROOT, "[%s: %d prompt tokens at %.1f tok/s, %d generated at %.1f tok/s, stop: %s]%n",
                    generator.name(), g.promptTokens(), g.promptTokensPerSecond(), g.generatedTokens(), g.tokensPerSecond(),
                    g.stopReason().name().toLowerCase(Locale.ROOT));
            return 0;
        } catch (GenerationException | GgufException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("course generate: " + e.getMessage());
            return 1;
        }
    }
}
