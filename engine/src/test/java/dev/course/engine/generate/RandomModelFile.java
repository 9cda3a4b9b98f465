package dev.course.engine.generate;

import dev.course.engine.generate.bpe.BpeTrainer;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.gguf.GgufWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Writes small random-weight Llama (or Qwen2) models as GGUF files, with a real byte-level tokenizer. */
final class RandomModelFile {

    static final String TEXT = """
            The cat sat on the mat. The dog sat on the log. A cat and a dog met on the mat,
            and the cat said: the mat is mine. Vectors, tokens, attention and caches: the course
            explains them all, one small step at a time.
            """;

    int dim = 64;
    int hidden = 96;
    int layers = 2;
    int heads = 4;
    int kvHeads = 2;
    int context = 48;
    int vocabulary = 300;
    String architecture = "llama";
    GgufType type = GgufType.F32;
    boolean tiedOutput = false;
    String chatTemplate = null;
    long seed = 7;

    RandomModelFile type(GgufType t) {
        this.type = t;
        return this;
    }

    RandomModelFile architecture(String a) {
        this.architecture = a;
        return this;
    }

    Path write(Path dir) throws IOException {
        var vocab = BpeTrainer.train(TEXT, vocabulary);
        int n = vocab.tokens().length;
        var random = new Random(seed);
        var w = new GgufWriter();
        String a = architecture;
        w.putString("general.architecture", a).putString("general.name", "random-" + a + "-" + type)
                .putUInt32(a + ".embedding_length", dim).putUInt32(a + ".feed_forward_length", hidden)
                .putUInt32(a + ".block_count", layers).putUInt32(a + ".attention.head_count", heads)
                .putUInt32(a + ".attention.head_count_kv", kvHeads).putUInt32(a + ".context_length", context)
                .putFloat32(a + ".attention.layer_norm_rms_epsilon", 1e-5f).putFloat32(a + ".rope.freq_base", 10000f)
                .putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "gpt-2")
                .putStrings("tokenizer.ggml.tokens", vocab.tokens()).putStrings("tokenizer.ggml.merges", vocab.merges())
                .putUInt32("tokenizer.ggml.bos_token_id", n - 1).putUInt32("tokenizer.ggml.eos_token_id", n - 1);
        int[] types = new int[n];
        java.util.Arrays.fill(types, 1);
        types[n - 1] = 3;
        w.putInts("tokenizer.ggml.token_type", types);
        if (chatTemplate != null) {
            w.putString("tokenizer.chat_template", chatTemplate);
        }
        int kvDim = dim / heads * kvHeads;
        w.addTensor("token_embd.weight", type, randoms(random, n * dim, 1f), n, dim);
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            w.addTensor(p + "attn_norm.weight", GgufType.F32, gains(random, dim), dim);
            w.addTensor(p + "attn_q.weight", type, randoms(random, dim * dim, 0.3f), dim, dim);
            w.addTensor(p + "attn_k.weight", type, randoms(random, kvDim * dim, 0.3f), kvDim, dim);
            w.addTensor(p + "attn_v.weight", type, randoms(random, kvDim * dim, 0.3f), kvDim, dim);
            w.addTensor(p + "attn_output.weight", type, randoms(random, dim * dim, 0.2f), dim, dim);
            if (a.equals("qwen2")) {
                w.addTensor(p + "attn_q.bias", GgufType.F32, randoms(random, dim, 0.1f), dim);
                w.addTensor(p + "attn_k.bias", GgufType.F32, randoms(random, kvDim, 0.1f), kvDim);
                w.addTensor(p + "attn_v.bias", GgufType.F32, randoms(random, kvDim, 0.1f), kvDim);
            }
            w.addTensor(p + "ffn_norm.weight", GgufType.F32, gains(random, dim), dim);
            w.addTensor(p + "ffn_gate.weight", type, randoms(random, hidden * dim, 0.2f), hidden, dim);
            w.addTensor(p + "ffn_up.weight", type, randoms(random, hidden * dim, 0.2f), hidden, dim);
            w.addTensor(p + "ffn_down.weight", type, randoms(random, dim * hidden, 0.2f), dim, hidden);
        }
        w.addTensor("output_norm.weight", GgufType.F32, gains(random, dim), dim);
        if (!tiedOutput) {
            w.addTensor("output.weight", type, randoms(random, n * dim, 0.3f), n, dim);
        }
        Path path = dir.resolve("random-" + a + "-" + type + ".gguf");
        w.write(path);
        return path;
    }

    static float[] randoms(Random random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    static float[] gains(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1f + (float) (random.nextGaussian() * 0.1);
        }
        return v;
    }
}
