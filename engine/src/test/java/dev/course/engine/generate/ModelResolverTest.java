package dev.course.engine.generate;

import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.sample.SamplingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models other tools keep on disk are used by name, where they lie: a fake Ollama store (manifest
 * pointing at a blob) and a fake Hugging Face cache (a snapshot linking into its blobs), in a
 * temporary folder, each holding a GGUF file the engine's own writer made.
 */
class ModelResolverTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    private ModelResolver resolver() {
        return new ModelResolver(new ModelResolver.Roots(dir.resolve("course-models"), dir.resolve("course-models"),
                List.of(dir.resolve("ollama")), List.of(dir.resolve("hf")), List.of(dir.resolve("lmstudio"))));
    }

    /** A small loadable model written by the engine's GgufWriter, moved to {@code target}. */
    private Path model(Path target, String architecture) throws Exception {
        Path written = RandomModelFile.shapedFor(GgufType.Q8_0).architecture(architecture).type(GgufType.Q8_0)
                .write(Files.createTempDirectory(dir, "w"));
        Files.createDirectories(target.getParent());
        return Files.move(written, target);
    }

    private Path ollamaModel(String namespace, String model, String tag, String architecture) throws Exception {
        String digest = Integer.toHexString((namespace + model + tag).hashCode()).repeat(8).substring(0, 64)
                .replaceAll("[^0-9a-f]", "0");
        Path blob = model(dir.resolve("ollama/blobs/sha256-" + digest), architecture);
        Path manifest = dir.resolve("ollama/manifests/registry.ollama.ai").resolve(namespace).resolve(model).resolve(tag);
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, """
                {"schemaVersion": 2, "layers": [
                  {"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:%s", "size": 1}]}
                """.formatted(digest));
        return blob;
    }

    private static boolean generates(LocalModel model) {
        var request = GenerationRequest.completion("The cat").withMaxTokens(4).withSampling(SamplingConfig.greedy());
        return model.generator().generate(request, piece -> { }).generatedTokens() > 0;
    }

    @Test
    void anOllamaModelIsUsedByItsNameWithoutCopying() throws Exception {
        Path blob = ollamaModel("library", "smollm2", "135m", "llama");
        ollamaModel("library", "qwen2.5", "latest", "qwen2");

        assertEquals(blob, resolver().find("smollm2:135m").orElseThrow().file(), "the blob itself, not a copy");
        assertEquals("qwen2.5:latest", resolver().find("qwen2.5").orElseThrow().name(), "no tag means :latest, as in Ollama");
        assertTrue(resolver().find("smollm2").isEmpty(), "smollm2 has no :latest tag");

        LocalModel model = Generators.local("smollm2:135m", QUIET, resolver());
        assertTrue(generates(model));
        assertEquals("random-qwen2-Q8_0", Generators.local("qwen2.5", QUIET, resolver()).name());
        try (var files = Files.list(dir.resolve("course-models").getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("course-models")), "nothing was copied");
        }
    }

    @Test
    void aHuggingFaceCacheFileIsUsedThroughItsSnapshotLink() throws Exception {
        Path repo = dir.resolve("hf/models--HuggingFaceTB--SmolLM2-135M-Instruct-GGUF");
        Path blob = model(repo.resolve("blobs/" + "e".repeat(64)), "llama");
        String commit = "1".repeat(40);
        Path link = repo.resolve("snapshots/" + commit + "/smollm2-135m-instruct-q8_0.gguf");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, link.getParent().relativize(blob));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), commit);

        String name = "HuggingFaceTB/SmolLM2-135M-Instruct-GGUF:smollm2-135m-instruct-q8_0.gguf";
        ModelResolver.Found found = resolver().find(name).orElseThrow();
        assertEquals("huggingface-cache", found.source());
        assertEquals(blob.toRealPath(), found.file().toRealPath());
        assertTrue(generates(Generators.local(name, QUIET, resolver())));
    }

    @Test
    void aPulledModelNeedsItsManifestAndTrainedModelsGoByCoursePrefix() throws Exception {
        Path folder = dir.resolve("course-models/smollm2-360m-instruct-q8");
        model(folder.resolve("model.gguf"), "llama");
        assertTrue(resolver().find("smollm2-360m-instruct-q8").isEmpty(), "a pull without its manifest did not finish");
        Files.writeString(folder.resolve(ModelResolver.PULLED_MANIFEST), """
                {"name": "smollm2-360m-instruct-q8", "files": [{"save_as": "model.gguf"}]}
                """);
        assertEquals(folder.resolve("model.gguf"), resolver().find("smollm2-360m-instruct-q8").orElseThrow().file());

        model(dir.resolve("course-models/jdk-tiny.gguf"), "llama");
        assertEquals("trained", resolver().find("course-jdk-tiny").orElseThrow().source());
    }

    @Test
    void anUnknownNameSaysWhatToDo() {
        var e = assertThrows(GenerationException.class, () -> Generators.local("nosuch:7b", QUIET, resolver()));
        assertTrue(e.getMessage().contains("'nosuch:7b'") && e.getMessage().contains("./course models list"), e.getMessage());
    }
}
