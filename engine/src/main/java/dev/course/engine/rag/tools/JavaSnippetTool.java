package dev.course.engine.rag.tools;

import com.fasterxml.jackson.databind.JsonNode;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a Java snippet in a fresh JShell ({@code jdk.jshell}) and returns what it printed and the value
 * of its last expression. Each call gets a new JShell whose code runs in a separate JVM that JShell
 * starts (its default execution engine), so a snippet that loops or calls {@code System.exit} cannot
 * take the caller down; a snippet running past the time limit is stopped. This is how
 * {@code ./course ask} runs it. It is not a security sandbox: the snippet runs with your user's rights
 * (in a lesson, cells already run in the learner's sandboxed kernel).
 */
public final class JavaSnippetTool implements Tool {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final Duration timeout;

    public JavaSnippetTool(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
    }

    public JavaSnippetTool() {
        this(DEFAULT_TIMEOUT);
    }

    @Override
    public String name() {
        return "run_java";
    }

    @Override
    public String description() {
        return "Runs a Java snippet (JShell syntax: statements, expressions, methods) and returns its printed output "
                + "and the value of its last expression. Use it to compute with Java or check what a Java call returns.";
    }

    @Override
    public String parameters() {
        return """
                {"type": "object", "properties": {"code": {"type": "string", "description": "Java code in JShell syntax"}}, \
                "required": ["code"]}""";
    }

    @Override
    public String call(JsonNode arguments) {
        String code = Tool.requireText(arguments, "code");
        var printed = new ByteArrayOutputStream();
        var out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("run_java").unstarted(r));
        try (JShell shell = JShell.builder().out(out).err(out).build()) {
            Future<String> result = runner.submit(() -> evaluate(shell, code));
            try {
                String value = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                String output = printed.toString(StandardCharsets.UTF_8);
                return (output.isEmpty() ? "" : "output:\n" + output + (output.endsWith("\n") ? "" : "\n"))
                        + (value.isEmpty() ? "" : "value: " + value);
            } catch (TimeoutException e) {
                shell.stop();
                throw new IllegalArgumentException("the snippet ran longer than " + timeout.toSeconds() + " s and was stopped");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        } finally {
            runner.shutdownNow();
        }
    }

    /** What the {@code jshell} tool imports at start-up; the JShell API imports nothing by itself. */
    public static final List<String> DEFAULT_IMPORTS = List.of("java.util.*", "java.util.function.*", "java.util.stream.*",
            "java.io.*", "java.math.*", "java.nio.file.*", "java.time.*");

    /** Evaluates the snippets of {@code code} in order; the first error ends it. Returns the last value. */
    private static String evaluate(JShell shell, String code) {
        DEFAULT_IMPORTS.forEach(i -> shell.eval("import " + i + ";"));
        String remaining = code;
        String last = "";
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String source = info.source() == null ? remaining : info.source();
            for (SnippetEvent event : shell.eval(source)) {
                if (event.status() == Snippet.Status.REJECTED) {
                    String why = shell.diagnostics(event.snippet()).map(d -> d.getMessage(java.util.Locale.ROOT))
                            .findFirst().orElse("rejected");
                    throw new IllegalArgumentException("does not compile: " + why + " in: " + source.strip());
                }
                if (event.exception() != null) {
                    throw new IllegalArgumentException("threw " + event.exception().getClass().getSimpleName() + ": "
                            + event.exception().getMessage());
                }
                if (event.value() != null && event.snippet().kind() == Snippet.Kind.EXPRESSION
                        || event.value() != null && event.snippet().kind() == Snippet.Kind.VAR) {
                    last = event.value();
                }
            }
            if (info.remaining() == null || info.remaining().equals(remaining)) break;
            remaining = info.remaining();
        }
        return last;
    }
}
