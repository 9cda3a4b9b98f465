package dev.course.engine.generate.train;

import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.bpe.BpeTrainer;
import dev.course.engine.generate.gguf.GgufFile;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.gguf.GgufWriter;
import dev.course.engine.generate.model.LlamaConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Saves a trained model as a Llama-architecture GGUF file with its byte-level BPE tokenizer, so the
 * very same inference code (and llama.cpp) can run it. Our training applies rotary embeddings to
 * adjacent pairs, which is the layout Llama GGUF files use, so the weights are written as they are.
 */
public final class GgufExport {

    /** GGUF token types: normal and control. */
    private static final int NORMAL = 1, CONTROL = 3;

    private GgufExport() {
    }

    /** The writer with metadata and weights, ready to write (checkpoints add optimizer state to it). */
    static GgufWriter writer(TrainableLlama model, BpeTrainer.Vocabulary vocabulary, String name) {
        LlamaConfig c = model.config().model();
        String[] tokens = vocabulary.tokens();
        int[] types = new int[tokens.length];
        Arrays.fill(types, NORMAL);
        int end = tokens.length - 1;
        types[end] = CONTROL;
        var w = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", name)
                .putUInt32("llama.context_length", c.contextLength())
                .putUInt32("llama.embedding_length", c.dim())
                .putUInt32("llama.feed_forward_length", c.hiddenDim())
                .putUInt32("llama.block_count", c.layers())
                .putUInt32("llama.attention.head_count", c.heads())
                .putUInt32("llama.attention.head_count_kv", c.kvHeads())
                .putUInt32("llama.rope.dimension_count", c.headSize())
                .putFloat32("llama.rope.freq_base", c.ropeTheta())
                .putFloat32("llama.attention.layer_norm_rms_epsilon", c.rmsEps())
                .putUInt32("llama.vocab_size", c.vocabSize())
                .putString("tokenizer.ggml.model", "gpt2")
                .putString("tokenizer.ggml.pre", "gpt-2")
                .putStrings("tokenizer.ggml.tokens", tokens)
                .putInts("tokenizer.ggml.token_type", types)
                .putStrings("tokenizer.ggml.merges", vocabulary.merges())
                .putUInt32("tokenizer.ggml.bos_token_id", end)
                .putUInt32("tokenizer.ggml.eos_token_id", end)
                .putBool("tokenizer.ggml.add_bos_token", false);
        for (Parameter p : model.parameters()) {
            w.addTensor(p.name(), GgufType.F32, p.value(), p.shape());
        }
        return w;
    }

    /** Writes the model to {@code path}. */
    public static void write(TrainableLlama model, BpeTrainer.Vocabulary vocabulary, String name, Path path) throws IOException {
        writer(model, vocabulary, name).write(path);
    }

    /** The model as a {@link LocalModel}, through an in-memory GGUF image. */
    public static LocalModel toLocalModel(TrainableLlama model, BpeTrainer.Vocabulary vocabulary, String name) {
        try {
            var bytes = new ByteArrayOutputStream();
            writer(model, vocabulary, name).write(bytes);
            byte[] image = bytes.toByteArray();
            MemorySegment segment = Arena.ofAuto().allocate(image.length, 64);
            MemorySegment.copy(image, 0, segment, ValueLayout.JAVA_BYTE, 0, image.length);
            return LocalModel.of(GgufFile.parse(Path.of(name + ".gguf"), segment), model.config().seqLen());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
