package dev.course.engine.generate.train;

import dev.course.engine.generate.LocalModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelManifestTest {

    @TempDir
    Path dir;

    /** A run of {@link TrainedModels#train} on a folder: the manifest beside the model describes it. */
    private ModelManifest trainSmall(Path corpus, Path model) throws Exception {
        Files.createDirectories(corpus);
        Files.writeString(corpus.resolve("text.txt"), TrainerTest.TEXT);
        var log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        TrainedModels.train(corpus.toString(), TrainerTest.CONFIG, model, log, "./course train --corpus " + corpus);
        return ModelManifest.read(ModelManifest.pathFor(model));
    }

    @Test
    void trainingWritesAManifestThatChecksTheFileAndItsLoss() throws Exception {
        Path model = dir.resolve("m.gguf");
        ModelManifest manifest = trainSmall(dir.resolve("corpus"), model);

        assertEquals("m.gguf", manifest.file());
        assertEquals(Files.size(model), manifest.bytes());
        assertEquals(ModelManifest.sha256(model), manifest.sha256());
        // the recipe as trained: this text has fewer pairs to merge than the 300 tokens asked for
        assertEquals(TrainerTest.CONFIG, manifest.config().withVocabSize(TrainerTest.CONFIG.vocabSize()));
        assertEquals(TrainerTest.CONFIG.seqLen() + 1, manifest.validationWindows()[0].length);
        assertEquals(manifest.validationLoss(), manifest.measureValidationLoss(LocalModel.load(model)),
                ShippedModelTest.LOSS_TOLERANCE, "the inference engine measures the loss the trainer reported");
    }

    @Test
    void theSameSeedOnTheSameMachineGivesTheSameBytes() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        ModelManifest first = trainSmall(dir.resolve("corpus"), dir.resolve("a/m.gguf"));
        ModelManifest second = trainSmall(dir.resolve("corpus"), dir.resolve("b/m.gguf"));
        assertEquals(first.sha256(), second.sha256(), "training is deterministic for a seed and a core count");
        assertArrayEquals(first.validationWindows(), second.validationWindows());
    }

    @Test
    void aWindowOfTheWrongLengthIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ModelManifest("m.gguf", 1, "00", "cmd", "lessons", "", "",
                1, TrainerTest.CONFIG, 1, 1, 1.0, new int[][]{{1, 2, 3}}, "now", 1, "25", 2));
        assertEquals("a validation window holds seqLen + 1 = 25 tokens, got 3", e.getMessage());
    }
}
