package dev.course.engine.generate.train;

import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.ModelResolver;
import dev.course.engine.generate.bench.RandomModelFiles;
import dev.course.engine.generate.model.LlamaConfig;
import dev.course.engine.generate.model.RopeStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TrainedModels#forLessons(String, PrintStream)}: the one line that puts a real model under a lesson. */
class LessonModelByNameTest {

    static final LlamaConfig SMALL = new LlamaConfig(128, 256, 2, 2, 1, 300, 64, 1e-5f, 10000f, RopeStyle.ADJACENT, 64);

    @TempDir
    Path dir;

    @Test
    void aModelFileNamedByItsPathIsLoadedOnceAndSaysWhatItIs() throws Exception {
        Path file = RandomModelFiles.write(dir.resolve("real.gguf"), "Real-Model", SMALL, RandomModelFiles.FileType.Q8_0, 1);
        var log = new ByteArrayOutputStream();
        LocalModel model = TrainedModels.forLessons(file.toString(), new PrintStream(log, true, StandardCharsets.UTF_8), empty());

        assertEquals("Real-Model", model.name());
        String source = "Real-Model (0.3 M weights, Q8_0, 2 layers of width 128)";
        assertEquals(source, TrainedModels.lessonModelSource());
        assertEquals("Using " + source + ".", log.toString(StandardCharsets.UTF_8).strip());
        assertSame(model, TrainedModels.forLessons(file.toString(), new PrintStream(new ByteArrayOutputStream()), empty()),
                "a kernel loads it once");
    }

    @Test
    void aNameThisMachineDoesNotHaveFallsBackToTheLessonsOwnModelAndSaysSo(@TempDir Path cache) throws Exception {
        String before = System.getProperty("course.cache");
        try {
            System.setProperty("course.cache", cache.toString());
            var log = new ByteArrayOutputStream();
            LocalModel model = TrainedModels.forLessons("no-such-model", new PrintStream(log, true, StandardCharsets.UTF_8), empty());

            assertSame(TrainedModels.forLessons(new PrintStream(new ByteArrayOutputStream())), model);
            String said = log.toString(StandardCharsets.UTF_8);
            assertTrue(said.startsWith("No model 'no-such-model' on this machine ('./course models list'"), said);
            assertTrue(TrainedModels.lessonModelSource().startsWith("the course's shipped model"), TrainedModels.lessonModelSource());
        } finally {
            TrainedModels.forgetLessonModels();       // the next test's kernel starts without it, as a fresh one does
            if (before == null) System.clearProperty("course.cache"); else System.setProperty("course.cache", before);
        }
    }

    /** A resolver over empty folders: nothing pulled, trained or found elsewhere. */
    private ModelResolver empty() {
        Path none = dir.resolve("none");
        return new ModelResolver(new ModelResolver.Roots(none, none, List.of(none), List.of(none), List.of(none)));
    }
}
