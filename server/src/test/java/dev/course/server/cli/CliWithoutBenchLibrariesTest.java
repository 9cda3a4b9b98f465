package dev.course.server.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} and every other command start from {@code target/lib} alone: the bench commands'
 * yardsticks (langchain4j with DJL, llama.cpp) are in {@code target/bench-lib}, which only {@code bench}
 * commands get, and picocli reads every command's methods whenever any command starts.
 */
class CliWithoutBenchLibrariesTest {

    /** The provided-scope libraries: langchain4j's core and embeddings (not the engine's model jars), DJL, llama.cpp. */
    private static final Pattern BENCH_ONLY = Pattern.compile(
            "/dev/langchain4j/langchain4j-(core|embeddings)/|/ai/djl/|/de/kherud/|course-llamacpp|/llamacpp/target/");

    @Test
    void theCommandLineBuildsAndBenchEmbedSaysWhatIsMissing() throws Exception {
        List<String> all = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        URL[] application = all.stream().filter(entry -> !BENCH_ONLY.matcher(entry.replace('\\', '/')).find())
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(URL[]::new);
        assertTrue(application.length < all.size(), "these tests run with the bench libraries on the class path");

        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(application, ClassLoader.getPlatformClassLoader())) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8)); // before picocli takes hold of it
            Method commandLine = Class.forName(CourseCli.class.getName(), true, loader).getDeclaredMethod("commandLine");
            commandLine.setAccessible(true);
            Object cli = commandLine.invoke(null);
            Map<?, ?> commands = (Map<?, ?>) cli.getClass().getMethod("getSubcommands").invoke(cli);
            assertTrue(commands.containsKey("serve") && commands.containsKey("bench"), commands.keySet().toString());

            int exit = (int) cli.getClass().getMethod("execute", String[].class).invoke(cli, (Object) new String[] {"bench", "embed"});
            assertEquals(2, exit, "a user's mistake, not a stack trace");
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("langchain4j is not on the class path"), captured.toString(StandardCharsets.UTF_8));
    }
}
