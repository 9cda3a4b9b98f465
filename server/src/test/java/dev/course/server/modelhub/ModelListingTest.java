package dev.course.server.modelhub;

import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.gguf.GgufWriter;
import dev.course.lessons.CourseLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code models list} over a fake Ollama store, Hugging Face cache and LM Studio folder in a temporary folder. */
class ModelListingTest {

    @TempDir
    Path dir;

    private static void gguf(Path path, String architecture, int fileType) throws Exception {
        Files.createDirectories(path.getParent());
        float[] weights = new float[64];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) Math.sin(i);
        }
        new GgufWriter()
                .putString("general.architecture", architecture)
                .putString("general.name", "Tiny")
                .putString("general.license", "apache-2.0")
                .putUInt32("general.file_type", fileType)
                .addTensor("token_embd.weight", GgufType.Q8_0, weights, 64)
                .write(path);
    }

    private ModelListing listing() {
        var roots = new ModelListing.Roots(new ModelStore(dir.resolve("course-models")), dir.resolve("course-models"),
                List.of(dir.resolve("ollama")), List.of(dir.resolve("hf")), List.of(dir.resolve("lmstudio")));
        return new ModelListing(roots, new LessonUsage(CourseLoader.fromClasspath()));
    }

    @Test
    void findsAGgufInOllamasStoreThroughItsManifest() throws Exception {
        String digest = "ab".repeat(32);
        gguf(dir.resolve("ollama/blobs/sha256-" + digest), "qwen2", 15);
        Files.writeString(dir.resolve("ollama/blobs/sha256-" + "cd".repeat(32)), "Apache License\nVersion 2.0\n");
        Path manifest = Files.createDirectories(dir.resolve("ollama/manifests/registry.ollama.ai/library/qwen2.5")).resolve("0.5b");
        Files.writeString(manifest, """
                {"schemaVersion": 2, "layers": [
                  {"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:%s", "size": 1},
                  {"mediaType": "application/vnd.ollama.image.license", "digest": "sha256:%s", "size": 1}]}
                """.formatted(digest, "cd".repeat(32)));

        List<ModelListing.Row> rows = listing().ollama();

        assertEquals(1, rows.size(), rows.toString());
        ModelListing.Row row = rows.getFirst();
        assertEquals("qwen2.5:0.5b", row.name());
        assertEquals("ollama", row.source());
        assertEquals("qwen2", row.architecture());
        assertEquals("Q4_K_M", row.quantisation(), "read from general.file_type");
        assertEquals("Apache License", row.license());
        assertTrue(row.location().endsWith("sha256-" + digest), row.location());
        assertNull(row.problem(), "llama/qwen2 with Q8_0 tensors runs: " + row.problem());
    }

    @Test
    void findsTheHuggingFaceCachesCurrentSnapshotAndLmStudioFiles() throws Exception {
        Path repo = dir.resolve("hf/models--bartowski--SmolLM2-360M-Instruct-GGUF");
        gguf(repo.resolve("snapshots/" + "1".repeat(40) + "/SmolLM2-360M-Instruct-Q8_0.gguf"), "llama", 7);
        gguf(repo.resolve("snapshots/" + "2".repeat(40) + "/old.gguf"), "llama", 7);
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "1".repeat(40));
        gguf(dir.resolve("lmstudio/someone/Repo-GGUF/weird-Q8_0.gguf"), "gpt-oss", 7);

        List<ModelListing.Row> hf = listing().huggingFaceCache();
        List<ModelListing.Row> lm = listing().lmStudio();

        assertEquals(1, hf.size(), "only the snapshot refs/main names: " + hf);
        assertEquals("bartowski/SmolLM2-360M-Instruct-GGUF:SmolLM2-360M-Instruct-Q8_0.gguf", hf.getFirst().name());
        assertEquals("Q8_0", hf.getFirst().quantisation());
        assertEquals("apache-2.0", hf.getFirst().license(), "from general.license");
        assertEquals("someone/Repo-GGUF/weird-Q8_0.gguf", lm.getFirst().name());
        assertTrue(lm.getFirst().problem().contains("architecture 'gpt-oss'"), lm.getFirst().problem());
    }

    @Test
    void listsTheBundledEncodersTrainedModelsAndAFileThatIsNotGguf() throws Exception {
        gguf(dir.resolve("course-models/lessons-jdk-tiny.gguf"), "llama", 0);
        Files.createDirectories(dir.resolve("lmstudio/x/y"));
        Files.writeString(dir.resolve("lmstudio/x/y/broken.gguf"), "not a model");

        List<ModelListing.Row> rows = listing().rows();

        ModelListing.Row minilm = rows.stream().filter(r -> r.name().equals("all-MiniLM-L6-v2")).findFirst().orElseThrow();
        assertEquals("bundled", minilm.source());
        assertTrue(minilm.size() > 80_000_000, "the ONNX graph: " + minilm.size());
        assertTrue(minilm.lessons().contains("build-your-own-search/embeddings"), minilm.lessons().toString());
        ModelListing.Row trained = rows.stream().filter(r -> r.source().equals("trained")).findFirst().orElseThrow();
        assertEquals("course-lessons-jdk-tiny", trained.name());
        assertEquals("F32", trained.quantisation());
        ModelListing.Row broken = rows.stream().filter(r -> r.name().endsWith("broken.gguf")).findFirst().orElseThrow();
        assertTrue(broken.problem().contains("does not read"), broken.problem());
    }
}
