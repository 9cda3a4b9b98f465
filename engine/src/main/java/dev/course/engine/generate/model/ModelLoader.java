package dev.course.engine.generate.model;

import dev.course.engine.generate.gguf.GgufException;
import dev.course.engine.generate.gguf.GgufFile;
import dev.course.engine.generate.gguf.GgufTensorInfo;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.tensor.Matrix;
import dev.course.engine.generate.tensor.WeightMemory;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Builds a {@link LlamaModel} from a GGUF file: reads the shape from {@code <arch>.*} metadata and
 * turns each tensor's bytes into a {@link Matrix}.
 *
 * <p>Where the machine offers huge pages ({@link WeightMemory}) and the weights take at most
 * {@link #RESIDENT_SHARE} of its memory, they are copied out of the mapped file into weight memory:
 * generation streams every weight once per token, and reads 2 MB pages markedly faster than the
 * file's 4 KB ones. Otherwise the matrices wrap the mapped file directly (no copy; the weights stay
 * in the page cache, and a model larger than memory still runs).
 */
public final class ModelLoader {

    /** The largest share of this machine's (or container's) memory that a model's weights are copied into. */
    public static final double RESIDENT_SHARE = 0.5;

    /**
     * Architectures this engine runs: Llama (SmolLM2, Llama 3.x, TinyLlama, our own), Qwen2 (Qwen2.5:
     * biases on the query, key and value projections) and Qwen3 (no biases; QK-norm). Both Qwens turn
     * the halves of a head with RoPE ({@link RopeStyle#HALVES}).
     */
    public static final List<String> ARCHITECTURES = List.of("llama", "qwen2", "qwen3");

    private ModelLoader() {
    }

    /** The model's shape, from metadata. */
    public static LlamaConfig config(GgufFile file) {
        String arch = file.string("general.architecture", null);
        if (arch == null) {
            throw new GgufException(file.path() + " does not say its architecture (general.architecture is missing)");
        }
        if (!ARCHITECTURES.contains(arch)) {
            throw new GgufException("architecture '" + arch + "' is not supported; this engine runs "
                    + String.join(", ", ARCHITECTURES) + " (SmolLM2, Llama 3.x, TinyLlama, Qwen2.5, Qwen3, and the models "
                    + "it trains itself)");
        }
        int dim = file.integer(arch + ".embedding_length");
        int heads = file.integer(arch + ".attention.head_count");
        int vocab = file.has(arch + ".vocab_size") ? file.integer(arch + ".vocab_size")
                : file.strings("tokenizer.ggml.tokens").length;
        int keyLength = file.integer(arch + ".attention.key_length", dim / heads);
        int valueLength = file.integer(arch + ".attention.value_length", keyLength);
        if (valueLength != keyLength) {
            throw new GgufException("keys of " + keyLength + " and values of " + valueLength + " numbers per head are not "
                    + "supported (this engine needs them equal, as in every Llama and Qwen model)");
        }
        return new LlamaConfig(dim,
                file.integer(arch + ".feed_forward_length"),
                file.integer(arch + ".block_count"),
                heads,
                file.integer(arch + ".attention.head_count_kv", heads),
                vocab,
                file.integer(arch + ".context_length"),
                file.real(arch + ".attention.layer_norm_rms_epsilon", LlamaConfig.DEFAULT_RMS_EPS),
                file.real(arch + ".rope.freq_base", LlamaConfig.DEFAULT_ROPE_THETA),
                arch.equals("llama") ? RopeStyle.ADJACENT : RopeStyle.HALVES,
                keyLength);
    }

    /**
     * The model, with its context limited to {@code maxContext} positions (the KV cache is sized by it),
     * warming the JIT while it loads when {@link JitWarmup#ENABLED}.
     */
    public static LlamaModel load(GgufFile file, int maxContext) {
        return load(file, maxContext, JitWarmup.ENABLED);
    }

    /** {@link #load(GgufFile, int)}, with a {@link JitWarmup} started on a sample of its layers or not. */
    public static LlamaModel load(GgufFile file, int maxContext, boolean warmup) {
        LlamaConfig config = config(file);
        if (maxContext > 0 && maxContext < config.contextLength()) {
            config = config.withContextLength(maxContext);
        }
        boolean resident = residentFits(file);
        int n = config.layers();
        Matrix[] wq = new Matrix[n], wk = new Matrix[n], wv = new Matrix[n], wo = new Matrix[n];
        Matrix[] gate = new Matrix[n], up = new Matrix[n], down = new Matrix[n];
        float[][] attnNorm = new float[n][], ffnNorm = new float[n][];
        boolean biases = file.tensors().containsKey("blk.0.attn_q.bias");
        float[][] qb = biases ? new float[n][] : null, kb = biases ? new float[n][] : null, vb = biases ? new float[n][] : null;
        boolean qkNorm = file.tensors().containsKey("blk.0.attn_q_norm.weight");
        float[][] qNorm = qkNorm ? new float[n][] : null, kNorm = qkNorm ? new float[n][] : null;
        // The embedding and head first, then the layers a JIT warm-up samples, so that it can start
        // while the others load (JitWarmup); without a warm-up, in order.
        Matrix embedding = matrix(file, resident, "token_embd.weight");
        Matrix output = file.tensors().containsKey("output.weight") ? matrix(file, resident, "output.weight") : embedding;
        float[] ropeFactors = file.tensors().containsKey("rope_freqs.weight") ? vector(file, "rope_freqs.weight") : null;
        var weights = new LlamaWeights(embedding, attnNorm, wq, wk, wv, wo, qb, kb, vb, qNorm, kNorm, ffnNorm, gate, up, down,
                vector(file, "output_norm.weight"), output, ropeFactors);
        int[] sample = warmup ? JitWarmup.sampleLayers(formatsPerLayer(file, n)) : new int[0];
        for (int i = 0; i < n; i++) {
            int l = i < sample.length ? sample[i] : nextUnsampled(sample, i - sample.length);
            String p = "blk." + l + ".";
            attnNorm[l] = vector(file, p + "attn_norm.weight");
            ffnNorm[l] = vector(file, p + "ffn_norm.weight");
            wq[l] = matrix(file, resident, p + "attn_q.weight");
            wk[l] = matrix(file, resident, p + "attn_k.weight");
            wv[l] = matrix(file, resident, p + "attn_v.weight");
            wo[l] = matrix(file, resident, p + "attn_output.weight");
            gate[l] = matrix(file, resident, p + "ffn_gate.weight");
            up[l] = matrix(file, resident, p + "ffn_up.weight");
            down[l] = matrix(file, resident, p + "ffn_down.weight");
            if (biases) {
                qb[l] = vector(file, p + "attn_q.bias");
                kb[l] = vector(file, p + "attn_k.bias");
                vb[l] = vector(file, p + "attn_v.bias");
            }
            if (qkNorm) {
                qNorm[l] = vector(file, p + "attn_q_norm.weight");
                kNorm[l] = vector(file, p + "attn_k_norm.weight");
            }
            if (i == sample.length - 1) {
                JitWarmup.start(JitWarmup.sample(config, weights, sample));
            }
        }
        return new LlamaModel(config, weights);
    }

    /** Each layer's weight formats, matrix by matrix, as the file declares them (nothing is read). */
    private static List<List<String>> formatsPerLayer(GgufFile file, int layers) {
        List<List<String>> formats = new java.util.ArrayList<>();
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            formats.add(java.util.stream.Stream.of("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down")
                    .map(name -> file.tensor(p + name + ".weight").type().name()).toList());
        }
        return formats;
    }

    /** The {@code k}-th layer (from 0) that is not in {@code sample}. */
    private static int nextUnsampled(int[] sample, int k) {
        for (int l = 0; ; l++) {
            boolean sampled = false;
            for (int s : sample) sampled |= s == l;
            if (!sampled && k-- == 0) return l;
        }
    }

    private static Matrix matrix(GgufFile file, boolean resident, String name) {
        GgufTensorInfo info = file.tensor(name);
        long[] shape = info.shape();
        if (shape.length != 2) {
            throw new GgufException(name + " should be a matrix, has shape " + java.util.Arrays.toString(shape));
        }
        if (!info.type().supported()) {
            throw new GgufException(name + " is stored as " + info.type() + ", which this engine does not compute with; "
                    + "supported tensor types are " + GgufType.SUPPORTED);
        }
        MemorySegment data = resident ? WeightMemory.copyOf(file.tensorData(info)) : file.tensorData(info);
        return Matrix.of(info.type(), data, (int) shape[1], (int) shape[0]);
    }

    /** Whether copying the weights into huge-page memory pays and fits (see the class comment). */
    private static boolean residentFits(GgufFile file) {
        if (!WeightMemory.hugePages()) {
            return false;
        }
        long bytes = file.tensors().values().stream().mapToLong(GgufTensorInfo::bytes).sum();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return bytes <= os.getTotalMemorySize() * RESIDENT_SHARE;
    }

    private static float[] vector(GgufFile file, String name) {
        GgufTensorInfo info = file.tensor(name);
        if (!info.type().supported()) {
            throw new GgufException(name + " is stored as " + info.type() + ", which this engine does not read; "
                    + "supported tensor types are " + GgufType.SUPPORTED);
        }
        return Matrix.of(info.type(), file.tensorData(info), 1, (int) info.elements()).toFloats();
    }
}
