package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.generate.bench.RandomModelFiles;
import dev.course.engine.generate.model.LlamaConfig;
import dev.course.engine.generate.model.RopeStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./course models list} and {@code ./course generate --model NAME} over a home folder in a temporary
 * folder holding a fake Ollama store and a fake Hugging Face cache, each with a GGUF file the engine's
 * own writer made: the names the list shows are the names generate takes, and the files are used where
 * they lie.
 */
class DiscoveredModelsCommandTest {

    private static final LlamaConfig SMALL = new LlamaConfig(64, 128, 2, 2, 1, 300, 64, 1e-5f, 10000f, RopeStyle.ADJACENT, 32);

    @TempDir
    Path home;

    private String oldHome;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void useATemporaryHome() {
        oldHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        System.setProperty("course.models", home.resolve("course-models").toString());
    }

    @AfterEach
    void restore() {
        System.setProperty("user.home", oldHome);
        System.clearProperty("course.models");
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = CourseCli.commandLine().setExecutionExceptionHandler(new UserErrors()).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void modelsInOllamasStoreAndTheHuggingFaceCacheAreListedAndGenerateByTheirNames() throws Exception {
        String digest = "5a".repeat(32);
        Path blob = RandomModelFiles.write(Files.createDirectories(home.resolve(".ollama/models/blobs")).resolve("sha256-" + digest),
                "fake-smollm2", SMALL, RandomModelFiles.FileType.Q8_0, 1);
        Path manifest = home.resolve(".ollama/models/manifests/registry.ollama.ai/library/smollm2/135m");
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, """
                {"schemaVersion": 2, "layers": [{"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:%s", "size": 1}]}
                """.formatted(digest));
        Path repo = home.resolve(".cache/huggingface/hub/models--someone--Tiny-GGUF");
        Path hfBlob = RandomModelFiles.write(Files.createDirectories(repo.resolve("blobs")).resolve("f".repeat(64)),
                "fake-tiny", SMALL, RandomModelFiles.FileType.Q8_0, 2);
        Path link = Files.createDirectories(repo.resolve("snapshots/" + "3".repeat(40))).resolve("tiny-q8_0.gguf");
        Files.createSymbolicLink(link, link.getParent().relativize(hfBlob));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "3".repeat(40));

        Run list = run("models", "list", "--json");
        assertEquals(0, list.exit(), list.err());
        var json = new ObjectMapper();
        List<JsonNode> rows = list.out().lines().map(line -> {
            try {
                return json.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
        JsonNode ollama = rows.stream().filter(r -> r.get("source").asText().equals("ollama")).findFirst().orElseThrow();
        assertEquals("smollm2:135m", ollama.get("name").asText());
        assertEquals(blob.toString(), ollama.get("location").asText(), "used where it lies");
        assertTrue(ollama.get("usable").asBoolean(), ollama.toString());
        JsonNode hf = rows.stream().filter(r -> r.get("source").asText().equals("huggingface-cache")).findFirst().orElseThrow();
        assertEquals("someone/Tiny-GGUF:tiny-q8_0.gguf", hf.get("name").asText());
        assertTrue(rows.stream().anyMatch(r -> r.get("name").asText().equals("trained")), "the shipped model is listed too");

        for (String name : List.of(ollama.get("name").asText(), hf.get("name").asText(), "smollm2:135m")) {
            Run generated = run("generate", "--model", name, "-n", "3", "--temperature", "0", "The cat");
            assertEquals(0, generated.exit(), name + ": " + generated.err());
            assertTrue(generated.err().contains("(Q8_0, local)"), generated.err());
        }
        try (var models = Files.list(home)) {
            assertTrue(models.noneMatch(p -> p.getFileName().toString().equals("course-models")), "nothing was copied");
        }

        Run unknown = run("generate", "--model", "nosuch:7b", "The cat");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("'./course models list'"), unknown.err());
    }
}
