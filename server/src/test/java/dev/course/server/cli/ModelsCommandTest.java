package dev.course.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.server.modelhub.ModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code course models ...} in-process, with the models folder in a temporary folder and no network. */
class ModelsCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void useATemporaryModelsFolder() {
        System.setProperty("course.models", dir.resolve("models").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("course.models");
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var picocliErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = CourseCli.commandLine().setExecutionExceptionHandler(new UserErrors())
                    .setErr(new PrintWriter(picocliErr, true)).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + picocliErr);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void badInputGetsOneLineSayingWhatToDo() {
        Run unknown = run("models", "pull", "gpt-5");
        assertEquals(UserErrors.USAGE, unknown.exit());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("no model named 'gpt-5' in the catalog: choose one of"), unknown.err());

        Run badHash = run("models", "pull", "someone/Repo:a.gguf", "--sha256", "xyz");
        assertTrue(badHash.err().contains("--sha256 must be 64 hex digits"), badHash.err());

        Run noFolder = run("models", "pull", "someone/Repo:a.gguf", "--from", dir.resolve("nope").toString());
        assertTrue(noFolder.err().contains("is not a folder"), noFolder.err());

        Run discovered = run("models", "remove", "qwen2.5:0.5b");
        assertTrue(discovered.err().contains("ollama rm qwen2.5:0.5b"), discovered.err());

        Run remove = run("models", "remove", "nothing-here");
        assertTrue(remove.err().contains("no pulled model named 'nothing-here'"), remove.err());
    }

    @Test
    void pullFromAFolderThenListVerifyAndRemove() throws Exception {
        Path usb = Files.createDirectories(dir.resolve("usb"));
        byte[] content = "GGUF but not really".getBytes(StandardCharsets.UTF_8);
        Files.write(usb.resolve("tiny.gguf"), content);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

        Run wrong = run("models", "pull", "someone/Tiny-GGUF:tiny.gguf", "--from", usb.toString(), "--sha256", "0".repeat(64));
        assertEquals(UserErrors.USAGE, wrong.exit());
        assertTrue(wrong.err().contains("did not verify"), wrong.err());

        Run pull = run("models", "pull", "someone/Tiny-GGUF:tiny.gguf", "--from", usb.toString(), "--sha256", sha);
        assertEquals(0, pull.exit(), pull.err());
        assertTrue(pull.out().contains("tiny (generator)"), pull.out());
        assertTrue(Files.exists(dir.resolve("models/tiny").resolve(ModelStore.MANIFEST)));

        Run list = run("models", "list", "--json");
        assertEquals(0, list.exit(), list.err());
        var mapper = new ObjectMapper();
        var tiny = list.out().lines().map(line -> {
            try {
                return mapper.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).filter(o -> o.path("name").asText().equals("tiny")).findFirst().orElseThrow();
        assertEquals("pulled", tiny.path("source").asText());
        assertEquals("gguf", tiny.path("format").asText());
        assertFalse(tiny.path("usable").asBoolean(), "not a real GGUF file: " + tiny);
        assertTrue(list.out().contains("\"name\":\"all-MiniLM-L6-v2\""), list.out());

        assertEquals(0, run("models", "verify", "tiny").exit());
        Files.write(dir.resolve("models/tiny/tiny.gguf"), new byte[]{1});
        Run verify = run("models", "verify");
        assertEquals(1, verify.exit());
        assertTrue(verify.err().contains("tiny.gguf has changed"), verify.err());

        assertEquals(0, run("models", "remove", "tiny").exit());
        assertFalse(Files.exists(dir.resolve("models/tiny")));
    }
}
