package dev.course.engine.generate.model;

import dev.course.engine.generate.bench.RandomModelFiles;
import dev.course.engine.generate.gguf.GgufFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up that compiles the prompt path while a model loads: which layers it samples, that the
 * sample is the model's own weights, and that loading with it gives the model loading without it gives.
 */
class JitWarmupTest {

    /** SmolLM2-135M's proportions, small: 8 layers, so the Q4_K_M mix gives some layers more bits. */
    static final LlamaConfig SMALL = new LlamaConfig(256, 512, 8, 4, 2, 600, 128, 1e-5f, 100000f, RopeStyle.ADJACENT, 64);

    @TempDir
    Path dir;

    @Test
    void theSampleIsTheFirstLayerOfEachMixOfFormats() {
        List<String> q8 = List.of("Q8_0", "Q8_0", "Q8_0", "Q8_0", "Q8_0", "Q8_0", "Q8_0");
        assertArrayEquals(new int[]{0}, JitWarmup.sampleLayers(List.of(q8, q8, q8)));
        List<String> moreBits = List.of("Q4_K", "Q4_K", "Q6_K", "Q4_K", "Q4_K", "Q4_K", "Q6_K");
        List<String> plain = List.of("Q4_K", "Q4_K", "Q4_K", "Q4_K", "Q4_K", "Q4_K", "Q4_K");
        assertArrayEquals(new int[]{0, 1}, JitWarmup.sampleLayers(List.of(moreBits, plain, plain, moreBits)));
        List<String> third = List.of("Q4_0", "Q4_0", "Q4_0", "Q4_0", "Q4_0", "Q4_0", "Q4_0");
        List<String> fourth = List.of("F32", "F32", "F32", "F32", "F32", "F32", "F32");
        assertEquals(JitWarmup.MAX_SAMPLE_LAYERS, JitWarmup.sampleLayers(List.of(moreBits, plain, third, fourth)).length);
    }

    @Test
    @Timeout(120)
    void theSampleRunsOnTheModelsOwnMatricesAndTheLoadedModelIsTheSame() throws Exception {
        Path file = RandomModelFiles.write(dir.resolve("m.gguf"), "small", SMALL, RandomModelFiles.FileType.Q4_K_M, 1);
        LlamaModel warmed = ModelLoader.load(GgufFile.open(file), 128, true);
        JitWarmup.awaitAll();
        LlamaModel plain = ModelLoader.load(GgufFile.open(file), 128, false);

        int[] prompt = new int[JitWarmup.TOKENS];
        for (int i = 0; i < prompt.length; i++) prompt[i] = (i * 31 + 5) % SMALL.vocabSize();
        // Equal up to rounding, not bit for bit: how a product's rows are shared out depends on whether the
        // workers are awake (a busy machine gets more, smaller chunks), and a row at a chunk's edge is summed
        // outside the 4-row tile, in another order. A layer loaded into the wrong place differs by far more.
        assertArrayEquals(plain.prefill(plain.newState(), prompt), warmed.prefill(warmed.newState(), prompt), 1e-3f,
                "the layers load in another order, into the same places");

        LlamaModel sample = JitWarmup.sample(warmed.config(), warmed.weights(), new int[]{0, 1});
        assertEquals(2, sample.config().layers());
        assertSame(warmed.weights().wq()[1], sample.weights().wq()[1], "the model's own matrices, not copies");
        assertSame(warmed.weights().output(), sample.weights().output());
        assertTrue(sample.config().contextLength() > JitWarmup.TOKENS, "room for the warm-up prompt and its steps");
        JitWarmup.run(sample);                                    // runs its rounds without touching the model's state
        assertTrue(JitWarmup.rounds(sample) >= 1 && JitWarmup.rounds(sample) <= JitWarmup.MAX_ROUNDS);
    }

    @Test
    @Timeout(120)
    void aRealPromptCountsAsOneThatStopsAWarmUpAndTheWarmUpsOwnPromptsDoNot() throws Exception {
        Path file = RandomModelFiles.write(dir.resolve("m.gguf"), "small", SMALL, RandomModelFiles.FileType.Q8_0, 1);
        LlamaModel model = ModelLoader.load(GgufFile.open(file), 128, false);
        long before = JitWarmup.promptsStarted();
        JitWarmup.start(JitWarmup.sample(model.config(), model.weights(), new int[]{0}));
        JitWarmup.awaitAll();
        assertEquals(before, JitWarmup.promptsStarted(), "the warm-up's own prompts");

        model.prefill(model.newState(), new int[]{1, 2, 3});
        assertEquals(before + 1, JitWarmup.promptsStarted(), "a real prompt");
    }
}
