package dev.course.engine.generate.bench;

import dev.course.engine.generate.bpe.ByteUnicode;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.gguf.GgufWriter;
import dev.course.engine.generate.model.LlamaConfig;
import dev.course.engine.generate.train.GgufExport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GGUF files with random weights in the shape of a real model, written by the engine's own
 * {@link GgufWriter} and quantisers, so that the engine and another program (llama.cpp, in
 * {@code ./course bench generate --against llamacpp}) can be timed on the very same file. Speed does not
 * depend on the weights' values, only on their number and format.
 *
 * <p>The vocabulary is synthetic but a real byte-level BPE one: the 256 byte symbols, then tokens of two
 * of them, each with its merge, up to the model's vocabulary size, and an end-of-text token last.
 */
public final class RandomModelFiles {

    /** What the file's weight matrices are stored as, named like llama.cpp's file types. */
    public enum FileType {
        /** Every matrix Q8_0. */
        Q8_0(7),
        /**
         * llama.cpp's Q4_K_M mix: Q4_K, with Q6_K for the value projections and the feed-forward down
         * projections of the layers llama.cpp gives more bits (the first and last eighth, and every third
         * one between) and for the embedding. A matrix whose rows are not a whole number of 256-value
         * super-blocks cannot be a K-quant; llama.cpp then falls back to Q5_0 (for Q4_K) or Q8_0 (for
         * Q6_K). The engine does not compute Q5_0, so here the 4-bit fallback is Q4_0 (blocks of 32, a
         * little smaller than Q5_0): in SmolLM2-135M's shape (width 576) that is every matrix but the
         * feed-forward down projections.
         */
        Q4_K_M(15);

        /** llama.cpp's {@code general.file_type} number for it. */
        final int llamaFileType;

        FileType(int llamaFileType) {
            this.llamaFileType = llamaFileType;
        }

        /**
         * The type of matrix {@code tensor} (a GGUF tensor name without the {@code blk.N.} prefix) in
         * layer {@code layer} of {@code layers}, with rows {@code cols} long.
         */
        public GgufType typeFor(String tensor, int layer, int layers, int cols) {
            if (this == Q8_0) {
                return GgufType.Q8_0;
            }
            boolean moreBits = tensor.equals("token_embd.weight")
                    || ((tensor.equals("attn_v.weight") || tensor.equals("ffn_down.weight")) && usesMoreBits(layer, layers));
            boolean wholeSuperBlocks = cols % GgufType.QK_K == 0;
            if (moreBits) {
                return wholeSuperBlocks ? GgufType.Q6_K : GgufType.Q8_0;
            }
            return wholeSuperBlocks ? GgufType.Q4_K : GgufType.Q4_0;
        }

        /** The layers llama.cpp's K-quant mixes give more bits: the first and last eighth, and every third between. */
        static boolean usesMoreBits(int layer, int layers) {
            return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
        }
    }

    private RandomModelFiles() {
    }

    /**
     * Writes a Llama-architecture model of shape {@code config} (output head tied to the embedding, as in
     * SmolLM2) with uniform random weights, stored as {@code fileType}, to {@code path}.
     */
    public static Path write(Path path, String name, LlamaConfig config, FileType fileType, long seed) throws IOException {
        var random = new SplittableRandom(seed);
        String[] tokens = vocabulary(config.vocabSize());
        String[] merges = new String[config.vocabSize() - 257];
        for (int i = 0; i < merges.length; i++) {
            String token = tokens[256 + i];
            merges[i] = token.charAt(0) + " " + token.charAt(1);
        }
        int n = config.layers(), d = config.dim(), kv = config.kvDim(), f = config.hiddenDim(), q = config.heads() * config.headSize();
        GgufWriter w = GgufExport.llamaHeader(config, name, tokens, merges)
                .putUInt32("general.file_type", fileType.llamaFileType);
        w.addTensor("token_embd.weight", fileType.typeFor("token_embd.weight", 0, n, d),
                randoms(random, config.vocabSize(), d), config.vocabSize(), d);
        for (int l = 0; l < n; l++) {
            String p = "blk." + l + ".";
            w.addTensor(p + "attn_norm.weight", GgufType.F32, ones(d), d);
            matrix(w, fileType, random, p, "attn_q.weight", l, n, q, d);
            matrix(w, fileType, random, p, "attn_k.weight", l, n, kv, d);
            matrix(w, fileType, random, p, "attn_v.weight", l, n, kv, d);
            matrix(w, fileType, random, p, "attn_output.weight", l, n, d, q);
            w.addTensor(p + "ffn_norm.weight", GgufType.F32, ones(d), d);
            matrix(w, fileType, random, p, "ffn_gate.weight", l, n, f, d);
            matrix(w, fileType, random, p, "ffn_up.weight", l, n, f, d);
            matrix(w, fileType, random, p, "ffn_down.weight", l, n, d, f);
        }
        w.addTensor("output_norm.weight", GgufType.F32, ones(d), d);
        w.write(path);
        return path;
    }

    private static void matrix(GgufWriter w, FileType fileType, SplittableRandom random, String prefix, String tensor,
                               int layer, int layers, int rows, int cols) {
        w.addTensor(prefix + tensor, fileType.typeFor(tensor, layer, layers, cols), randoms(random, rows, cols), rows, cols);
    }

    /**
     * The 256 byte symbols, then two-symbol tokens (pairs of printable ASCII first, so that ordinary text
     * merges), then {@code <|endoftext|>}: {@code size} in all.
     */
    static String[] vocabulary(int size) {
        if (size < 258 || size - 257 > 256 * 256) {
            throw new IllegalArgumentException("a vocabulary of " + size + " tokens is out of this writer's range (258 to 65793)");
        }
        List<String> tokens = new ArrayList<>(size);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteUnicode.charOf(b)));
        }
        for (boolean printablePairs : new boolean[]{true, false}) {
            for (int a = 0; a < 256 && tokens.size() < size - 1; a++) {
                for (int b = 0; b < 256 && tokens.size() < size - 1; b++) {
                    if ((printable(a) && printable(b)) == printablePairs) {
                        tokens.add("" + ByteUnicode.charOf(a) + ByteUnicode.charOf(b));
                    }
                }
            }
        }
        tokens.add("<|endoftext|>");
        return tokens.toArray(String[]::new);
    }

    private static boolean printable(int b) {
        return b >= 0x20 && b < 0x7f;
    }

    private static float[] randoms(SplittableRandom random, int rows, int cols) {
        float[] values = new float[rows * cols];
        float scale = (float) (1 / Math.sqrt(cols));
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1) * scale;
        }
        return values;
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }
}
