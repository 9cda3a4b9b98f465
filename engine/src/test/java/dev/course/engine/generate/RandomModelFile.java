package dev.course.engine.generate;

import dev.course.engine.generate.bpe.BpeTrainer;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.gguf.GgufWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Writes small random-weight Llama (or Qwen2, Qwen3) models as GGUF files, with a real byte-level tokenizer. */
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
    /** Numbers per head; 0 for {@code dim / heads}. */
    int headSize = 0;
    int context = 48;
    int vocabulary = 300;
    String architecture = "llama";
    GgufType type = GgufType.F32;
    boolean tiedOutput = false;
    String chatTemplate = null;
    long seed = 7;
    float ropeTheta = 10000f;
    /**
     * When positive, each matrix's weights have standard deviation {@code gain / sqrt(fan-in)}, so
     * that a projection scales the size of what it reads by about {@code gain}, however wide the
     * model; when 0, the fixed spreads the small default shape was made with.
     */
    float gain = 0;

    /**
     * The default small shape, widened to rows of 256 for the K-quants (whose super-blocks are that
     * long); Qwen3's heads are made wider than {@code dim / heads}, as in Qwen3-0.6B.
     */
    static RandomModelFile shapedFor(GgufType type) {
        var file = new RandomModelFile();
        if (type.blockSize() == GgufType.QK_K) {
            file.dim = 256;
            file.hidden = 512;
        }
        return file;
    }

    /**
     * SmolLM2-135M's proportions, made small: heads of 64 numbers, grouped-query attention, a
     * feed-forward layer three times as wide as the residual stream (SmolLM2: 1536 / 576), RoPE base
     * 100000 and the output head tied to the embedding. Width 256 so that every row holds whole
     * K-quant super-blocks. Each projection scales what it reads by about 1.5: with 1 the embedding
     * dominates every layer and the model only repeats the last token; from about 2 a random model
     * turns chaotic, and the rounding of llama.cpp's 8-bit activations alone changes its next token.
     */
    static RandomModelFile smolLm2Shaped() {
        var file = new RandomModelFile();
        file.dim = 256;
        file.hidden = 768;
        file.layers = 4;
        file.heads = 4;
        file.kvHeads = 2;
        file.context = 128;
        file.ropeTheta = 100000f;
        file.tiedOutput = true;
        file.gain = 1.5f;
        return file;
    }

    RandomModelFile seed(long s) {
        this.seed = s;
        return this;
    }

    RandomModelFile architecture(String a) {
        this.architecture = a;
        if (a.equals("qwen3")) {
            headSize = 2 * dim / heads;
        }
        return this;
    }

    RandomModelFile type(GgufType t) {
        this.type = t;
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
                .putFloat32(a + ".attention.layer_norm_rms_epsilon", 1e-5f).putFloat32(a + ".rope.freq_base", ropeTheta)
                .putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "gpt-2")
                .putStrings("tokenizer.ggml.tokens", vocab.tokens()).putStrings("tokenizer.ggml.merges", vocab.merges())
                .putBool("tokenizer.ggml.add_bos_token", false).putUInt32("tokenizer.ggml.bos_token_id", n - 1).putUInt32("tokenizer.ggml.eos_token_id", n - 1);
        int[] types = new int[n];
        java.util.Arrays.fill(types, 1);
        types[n - 1] = 3;
        w.putInts("tokenizer.ggml.token_type", types);
        if (chatTemplate != null) {
            w.putString("tokenizer.chat_template", chatTemplate);
        }
        int head = headSize > 0 ? headSize : dim / heads, qDim = head * heads, kvDim = head * kvHeads;
        if (headSize > 0) {
            w.putUInt32(a + ".attention.key_length", head).putUInt32(a + ".attention.value_length", head);
        }
        w.addTensor("token_embd.weight", type, randoms(random, n * dim, 1f), n, dim);
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            w.addTensor(p + "attn_norm.weight", GgufType.F32, gains(random, dim), dim);
            w.addTensor(p + "attn_q.weight", type, randoms(random, qDim * dim, spread(0.3f, dim)), qDim, dim);
            w.addTensor(p + "attn_k.weight", type, randoms(random, kvDim * dim, spread(0.3f, dim)), kvDim, dim);
            w.addTensor(p + "attn_v.weight", type, randoms(random, kvDim * dim, spread(0.3f, dim)), kvDim, dim);
            w.addTensor(p + "attn_output.weight", type, randoms(random, dim * qDim, spread(0.2f, qDim)), dim, qDim);
            if (a.equals("qwen3")) {
                w.addTensor(p + "attn_q_norm.weight", GgufType.F32, gains(random, head), head);
                w.addTensor(p + "attn_k_norm.weight", GgufType.F32, gains(random, head), head);
            }
            if (a.equals("qwen2")) {
                w.addTensor(p + "attn_q.bias", GgufType.F32, randoms(random, qDim, 0.1f), qDim);
                w.addTensor(p + "attn_k.bias", GgufType.F32, randoms(random, kvDim, 0.1f), kvDim);
                w.addTensor(p + "attn_v.bias", GgufType.F32, randoms(random, kvDim, 0.1f), kvDim);
            }
            w.addTensor(p + "ffn_norm.weight", GgufType.F32, gains(random, dim), dim);
            w.addTensor(p + "ffn_gate.weight", type, randoms(random, hidden * dim, spread(0.2f, dim)), hidden, dim);
            w.addTensor(p + "ffn_up.weight", type, randoms(random, hidden * dim, spread(0.2f, dim)), hidden, dim);
            w.addTensor(p + "ffn_down.weight", type, randoms(random, dim * hidden, spread(0.2f, hidden)), dim, hidden);
        }
        w.addTensor("output_norm.weight", GgufType.F32, gains(random, dim), dim);
        if (!tiedOutput) {
            w.addTensor("output.weight", type, randoms(random, n * dim, spread(0.3f, dim)), n, dim);
        }
        Path path = dir.resolve("random-" + a + "-" + type + ".gguf");
        w.write(path);
        return path;
    }

    private float spread(float fixed, int fanIn) {
        return gain > 0 ? (float) (gain / Math.sqrt(fanIn)) : fixed;
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
