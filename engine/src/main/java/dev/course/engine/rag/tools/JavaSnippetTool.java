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
 * Runs a Java snippet and returns what it printed and the value of its last expression.
 *
 * <p>Where it runs depends on who calls. Inside a course kernel (a lesson cell or a notebook), the
 * kernel installs a {@link SnippetHost} at start-up ({@link #runSnippetsIn}), and snippets run in the
 * learner's own JShell: they see the methods and variables the learner defined, and what they define
 * stays for later cells — the model works in the same session as the person. Anywhere else (as in
 * {@code ./course ask}) each call gets a fresh JShell ({@code jdk.jshell}) whose code runs in a
 * separate JVM that JShell starts, so a snippet that loops or calls {@code System.exit} cannot take
 * the caller down, and a snippet running past the time limit is stopped. Neither is a security
 * sandbox beyond the one the caller already runs in (in a lesson, the learner's sandboxed kernel).
 */
public final class JavaSnippetTool implements Tool {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** A JShell session that is already running (a kernel's), in which snippets can be run. */
    @FunctionalInterface
    public interface SnippetHost {
        /**
         * Runs {@code code} and returns the tool's result text ({@link #result}).
         *
         * @throws IllegalArgumentException when the code does not compile or throws, with the reason
         */
        String run(String code);
    }

    private static volatile SnippetHost host;

    /** Makes every {@code run_java} call in this JVM run in {@code session} (null: a fresh JShell per call). */
    public static void runSnippetsIn(SnippetHost session) {
        host = session;
    }

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
        SnippetHost session = host;
        return session != null ? session.run(code) : runInFreshJShell(code);
    }

    private String runInFreshJShell(String code) {
        var printed = new ByteArrayOutputStream();
        var out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("run_java").unstarted(r));
        try (JShell shell = JShell.builder().out(out).err(out).build()) {
            Future<String> result = runner.submit(() -> {
                DEFAULT_IMPORTS.forEach(i -> shell.eval("import " + i + ";"));
                return evaluate(shell, code);
            });
            try {
                String value = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return result(printed.toString(StandardCharsets.UTF_8), value);
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

    /** The tool's answer: what the snippet printed, then the value of its last expression. */
    public static String result(String printed, String value) {
        return (printed.isEmpty() ? "" : "output:\n" + printed + (printed.endsWith("\n") ? "" : "\n"))
                + (value.isEmpty() ? "" : "value: " + value);
    }

    /**
     * Evaluates the snippets of {@code code} in order in {@code shell}; the first error ends it.
     * Returns the value of the last expression or variable, or "" if there was none.
     *
     * @throws IllegalArgumentException when a snippet does not compile or throws
     */
    public static String evaluate(JShell shell, String code) {
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
