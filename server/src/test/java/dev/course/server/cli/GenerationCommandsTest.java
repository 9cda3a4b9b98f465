package dev.course.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code course train} and {@code course generate} end to end, in-process, on a model trained in seconds. */
class GenerationCommandsTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = CourseCli.commandLine().setCaseInsensitiveEnumValuesAllowed(true).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void trainThenGenerateWithTheSavedModel() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("a.md"), "the cat sat on the mat. the dog sat on the log. ".repeat(400));
        Path model = dir.resolve("m.gguf");
        Run train = run("train", "--corpus", corpus.toString(), "--steps", "8", "--out", model.toString(), "--prompt", "the cat");
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("validation loss"), train.out());
        assertTrue(train.out().contains("sample: the cat"), train.out());
        assertTrue(Files.size(model) > 100_000, "a GGUF file with the weights");

        Run generate = run("generate", "--model", model.toString(), "-n", "8", "--temperature", "0", "the dog");
        assertEquals(0, generate.exit(), generate.err());
        assertTrue(generate.out().startsWith("the dog"), "the prompt, then the continuation: " + generate.out());
        assertTrue(generate.err().contains("generated at"), generate.err());
    }

    @Test
    void generateExplainsWhatIsWrong() throws Exception {
        Run missing = run("generate", "--model", dir.resolve("nope.gguf").toString(), "hi");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no model file"), missing.err());

        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run unreachable = run("generate", "--model", "openai:http://127.0.0.1:" + port + "/v1", "hi");
        assertEquals(1, unreachable.exit());
        assertTrue(unreachable.err().contains("cannot reach"), unreachable.err());
        assertEquals("", unreachable.out(), "nothing is echoed when no answer came");
    }
}
