package dev.course.engine.generate.train;

import dev.course.engine.generate.LocalModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The course's own models (tiny and small), shipped as resources: the file its manifest describes, as good as it says.
 * The loss is measured again on the windows the manifest pins, never on the lessons as they are now,
 * so adding or editing a lesson does not change what this test checks (see {@link ModelManifest}).
 */
class ShippedModelTest {

    /**
     * Training and inference compute the same loss in float32 but add in different orders; over 48
     * windows of 64 tokens they agree to about 1e-4 nats, so 0.005 nats (0.1% of a loss near 3) is
     * slack for rounding yet far below what another model, or a damaged file, would show.
     */
    static final double LOSS_TOLERANCE = 0.005;

    @ParameterizedTest
    @EnumSource(TrainedModels.Size.class)
    void theShippedFileIsTheOneItsManifestDescribes(TrainedModels.Size size) throws Exception {
        ModelManifest manifest = TrainedModels.shippedManifest(size).orElseThrow(() -> new AssertionError(
                "no " + TrainedModels.shippedManifestResource(size) + " on the class path"));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(TrainedModels.shippedResource(size))) {
            assertNotNull(in, TrainedModels.shippedResource(size) + " is on the class path");
            assertEquals(manifest.sha256(), ModelManifest.sha256(in), "the shipped file's SHA-256");
        }
        assertEquals("./course train --corpus " + Corpus.DEFAULT + " --size " + size.label(), manifest.command());
        assertEquals(Corpus.DEFAULT, manifest.corpus());
        assertEquals(size.config(), manifest.config(), "the shipped model is the default recipe of its size");
        assertEquals(Trainer.VALIDATION_WINDOWS, manifest.validationWindows().length);
        assertEquals(ModelManifest.licences(manifest.corpus()), manifest.corpusLicences(),
                "the manifest states the terms of its corpus as ./course train writes them today");
    }

    @ParameterizedTest
    @EnumSource(TrainedModels.Size.class)
    void itsValidationLossMeasuredAgainMatchesTheManifest(TrainedModels.Size size) throws Exception {
        ModelManifest manifest = TrainedModels.shippedManifest(size).orElseThrow();
        LocalModel model = TrainedModels.shipped(size).orElseThrow();
        assertEquals(manifest.config().dim(), model.model().config().dim());
        assertEquals(manifest.config().layers(), model.model().config().layers());
        double measured = manifest.measureValidationLoss(model);
        assertEquals(manifest.validationLoss(), measured, LOSS_TOLERANCE,
                "validation loss of the shipped model on the manifest's windows");
        // and it learned something: a uniform guess over the vocabulary costs ln(V) nats per token
        assertTrue(measured < Math.log(model.model().config().vocabSize()) - 2, "loss " + measured);
    }

    /** Nothing trained on this machine (an empty cache folder): the lessons get the shipped model, and say so. */
    @Test
    void lessonsUseTheShippedModelWhenNothingWasTrainedHere(@TempDir Path cache) throws Exception {
        String before = System.getProperty("course.cache");
        try {
            System.setProperty("course.cache", cache.toString());
            var log = new ByteArrayOutputStream();
            LocalModel model = TrainedModels.forLessons(new PrintStream(log, true, StandardCharsets.UTF_8));
            assertSame(TrainedModels.shipped().orElseThrow(), model);
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("shipped model"), log.toString(StandardCharsets.UTF_8));
            assertEquals("the course's shipped model lessons-jdk-tiny.gguf (1.6 MB, made by './course train --corpus"
                    + " lessons,jdk --size tiny', validation loss 2.478)", TrainedModels.lessonModelSource());
        } finally {
            if (before == null) System.clearProperty("course.cache"); else System.setProperty("course.cache", before);
        }
    }
}
