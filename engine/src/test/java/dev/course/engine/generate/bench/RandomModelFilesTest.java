package dev.course.engine.generate.bench;

import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.gguf.GgufFile;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.model.LlamaConfig;
import dev.course.engine.generate.model.LlamaModel;
import dev.course.engine.generate.model.RopeStyle;
import dev.course.llamacpp.LlamaCppReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The files {@code bench generate --against llamacpp} times: a real byte-level BPE vocabulary, the
 * Q4_K_M mix where K-quants fit and its fallbacks where they do not, and the same forward pass in the
 * engine and in llama.cpp.
 */
class RandomModelFilesTest {

    /** SmolLM2-135M's proportions, small: width 192 (not whole 256-value super-blocks, as 576 is not), 8 layers. */
    static final LlamaConfig SMALL = new LlamaConfig(192, 512, 8, 3, 1, 1000, 128, 1e-5f, 100000f, RopeStyle.ADJACENT, 64);

    @TempDir
    Path dir;

    @Test
    void theQ4KmMixUsesKQuantsWhereRowsHoldWholeSuperBlocksAndLlamaCppsFallbacksElsewhere() throws Exception {
        Path file = RandomModelFiles.write(dir.resolve("m.gguf"), "small", SMALL, RandomModelFiles.FileType.Q4_K_M, 1);
        GgufFile gguf = GgufFile.open(file);
        assertEquals(15, gguf.integer("general.file_type", -1), "llama.cpp's number for Q4_K_M");
        assertEquals(GgufType.Q8_0, gguf.tensors().get("token_embd.weight").type(), "Q6_K's fallback: rows of 192");
        assertEquals(GgufType.Q6_K, gguf.tensors().get("blk.0.ffn_down.weight").type(), "first eighth: more bits");
        assertEquals(GgufType.Q4_K, gguf.tensors().get("blk.1.ffn_down.weight").type());
        assertEquals(GgufType.Q6_K, gguf.tensors().get("blk.3.ffn_down.weight").type(), "every third between");
        assertEquals(GgufType.Q6_K, gguf.tensors().get("blk.7.ffn_down.weight").type(), "last eighth: more bits");
        assertEquals(GgufType.Q8_0, gguf.tensors().get("blk.0.attn_v.weight").type());
        assertEquals(GgufType.Q4_0, gguf.tensors().get("blk.1.attn_q.weight").type(), "Q4_K's fallback here: rows of 192");
        assertEquals(1000, LocalModel.load(file).tokenizer().vocabularySize());
    }

    @ParameterizedTest
    @EnumSource(RandomModelFiles.FileType.class)
    @Timeout(120)
    void llamaCppLoadsTheFileTokenizesAsWeDoAndComputesTheSameLogits(RandomModelFiles.FileType type) throws Exception {
        assumeTrue(LlamaCppReference.available(), "llama.cpp's bundled library runs on Linux x86_64 only");
        Path file = RandomModelFiles.write(dir.resolve(type + ".gguf"), "small", SMALL, type, 1);
        LocalModel ours = LocalModel.load(file);
        LlamaModel model = ours.model();
        try (var theirs = LlamaCppReference.load(file, 2, 128)) {
            assertEquals(SMALL.vocabSize(), theirs.vocabularySize());
            String text = "The cat sat on the mat, and the dog sat on the log.";
            int[] tokens = ours.tokenizer().encode(text);
            assertArrayEquals(tokens, theirs.tokenize(text), "same tokens");
            assertTrue(tokens.length < text.length(), "the two-symbol merges apply: " + tokens.length + " tokens");
            float[] expected = model.prefill(model.newState(), tokens);
            float[] actual = theirs.prefill(tokens);
            double difference = 0, largest = 0;
            for (int i = 0; i < expected.length; i++) {
                difference = Math.max(difference, Math.abs(expected[i] - actual[i]));
                largest = Math.max(largest, Math.abs(actual[i]));
            }
            assertTrue(difference / largest < 0.12, type + ": largest logit difference " + difference / largest);
        }
    }
}
