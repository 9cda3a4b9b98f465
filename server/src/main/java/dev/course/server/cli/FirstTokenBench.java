package dev.course.server.cli;

import dev.course.engine.generate.ChatMessage;
import dev.course.engine.generate.GenerationRequest;
import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.sample.SamplingConfig;
import dev.course.engine.generate.tensor.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wait for the first token of a long prompt in a <em>fresh</em> {@code ./course generate} process,
 * as a learner meets it: the JVM starting, the command line, the model loading, the prompt, and the JIT
 * compiling all of it on the way. {@code ./course bench generate} times the engine warm, which
 * hides the last part.
 *
 * <p>The clock starts when the process is started and stops at the first byte it writes to its
 * standard output: {@code generate} prints nothing there until the first token is sampled (the prompt
 * is echoed together with it), and with {@code -n 1} nothing more comes after. The process is the
 * {@code course} launcher in {@code -Dcourse.root} when there is one (what a learner runs), else
 * this JVM's {@code java} with this class path.
 */
final class FirstTokenBench {

    /** Fresh processes timed per file; the best is kept, as for every other number of this bench. */
    static final int RUNS = 3;
    private static final Pattern PROMPT_LINE = Pattern.compile("(\\d+) prompt tokens at ([0-9.]+) tok/s");
    private static final long TIMEOUT_SECONDS = 300;

    /**
     * One fresh process.
     *
     * @param firstTokenMs from starting the process to its first token
     * @param promptTokens the prompt's tokens, as the process counted them
     * @param promptMs     the part of that spent processing the prompt, as the process reports it
     */
    record Run(double firstTokenMs, int promptTokens, double promptMs) {
    }

    private FirstTokenBench() {
    }

    /**
     * Text that {@code model}'s tokenizer turns into exactly {@code tokens} prompt tokens (with the
     * beginning-of-text token where the model adds one): words, then one-token fillers to make up the count.
     */
    static String promptOf(LocalModel model, int tokens) {
        String[] words = {"the", "model", "reads", "a", "prompt", "of", "tokens", "and", "attention", "over", "keys",
                "values", "in", "cache", "layer", "vector", "search", "answer", "source", "query"};
        StringBuilder text = new StringBuilder();
        var generator = model.generator();
        int count = 0;
        for (int i = 0; count < tokens - 8; i++) {
            text.append(i == 0 ? "" : " ").append(words[(i * 7 + i / words.length) % words.length]);
            count = count(generator, text);
        }
        for (String filler : new String[]{" a", " I", " x", "."}) {
            while (count < tokens) {
                text.append(filler);
                int next = count(generator, text);
                if (next != count + 1) {
                    text.setLength(text.length() - filler.length());
                    break;
                }
                count = next;
            }
        }
        if (count != tokens) {
            throw new IllegalStateException("could not write a prompt of exactly " + tokens + " tokens for this tokenizer");
        }
        return text.toString();
    }

    private static int count(dev.course.engine.generate.LocalGenerator generator, CharSequence text) {
        return generator.promptTokens(new GenerationRequest(List.of(ChatMessage.user(text.toString())), false, 1,
                SamplingConfig.greedy(), List.of(), false)).length;
    }

    /** Times one fresh {@code generate} of one greedy token after {@code prompt} on {@code file}. */
    static Run time(Path file, String prompt) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher());
        command.addAll(List.of("generate", "--model", file.toString(), "-n", "1", "--temperature", "0", prompt));
        var builder = new ProcessBuilder(command);
        if (System.getProperty("course.generate.threads") != null) {   // the same thread count as this process
            builder.environment().put("JDK_JAVA_OPTIONS", "-Dcourse.generate.threads=" + Parallel.threads());
        }
        long start = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        double firstTokenMs;
        try (InputStream out = process.getInputStream()) {
            int first = out.read();
            firstTokenMs = (System.nanoTime() - start) / 1e6;
            if (first < 0) {
                firstTokenMs = Double.NaN;
            }
            out.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("./course generate did not finish in " + TIMEOUT_SECONDS + " s");
        }
        String stderr = errors.join();
        Matcher line = PROMPT_LINE.matcher(stderr);
        if (process.exitValue() != 0 || Double.isNaN(firstTokenMs) || !line.find()) {
            throw new IllegalStateException("./course generate failed (exit " + process.exitValue() + "): " + stderr.strip());
        }
        int promptTokens = Integer.parseInt(line.group(1));
        return new Run(firstTokenMs, promptTokens, promptTokens / Double.parseDouble(line.group(2)) * 1000);
    }

    /** The best of {@link #RUNS} fresh processes (by first-token time). */
    static Run best(Path file, String prompt) throws IOException, InterruptedException {
        Run best = null;
        for (int i = 0; i < RUNS; i++) {
            Run run = time(file, prompt);
            if (best == null || run.firstTokenMs() < best.firstTokenMs()) {
                best = run;
            }
        }
        return best;
    }

    /** The command that starts a fresh {@code ./course}: the launcher, else this JVM with its class path and flags. */
    static List<String> launcher() {
        String root = System.getProperty("course.root");
        if (root != null && Files.isExecutable(Path.of(root, "course"))) {
            return List.of(Path.of(root, "course").toString());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-modules") || flag.startsWith("--enable-native-access") || flag.startsWith("-Dcourse.")) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CourseCli.class.getName()));
        return command;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read: " + e + ")";
        }
    }
}
