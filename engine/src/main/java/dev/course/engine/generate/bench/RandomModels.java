package dev.course.engine.generate.bench;

import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.model.LlamaConfig;
import dev.course.engine.generate.model.LlamaModel;
import dev.course.engine.generate.model.LlamaWeights;
import dev.course.engine.generate.model.RopeStyle;
import dev.course.engine.generate.tensor.Matrix;

import java.util.SplittableRandom;

/**
 * Models with random weights in the shape of real ones. Speed does not depend on the values of the
 * weights, only on their number and format, so these measure exactly what a real model would cost.
 */
public final class RandomModels {

    /** The shape of SmolLM2-135M: 30 layers, width 576, 9 query and 3 key/value heads, 49152 tokens. */
    public static LlamaConfig smolLm2_135m(int contextLength) {
        return new LlamaConfig(576, 1536, 30, 9, 3, 49152, contextLength, 1e-5f, 100000f, RopeStyle.ADJACENT);
    }

    private RandomModels() {
    }

    /** A model of shape {@code config} with uniform random weights stored as {@code type}; output tied to the embedding. */
    public static LlamaModel create(LlamaConfig config, GgufType type, long seed) {
        var random = new SplittableRandom(seed);
        int n = config.layers(), d = config.dim(), kv = config.kvDim(), f = config.hiddenDim();
        Matrix[] wq = new Matrix[n], wk = new Matrix[n], wv = new Matrix[n], wo = new Matrix[n];
        Matrix[] gate = new Matrix[n], up = new Matrix[n], down = new Matrix[n];
        float[][] attnNorm = new float[n][], ffnNorm = new float[n][];
        for (int l = 0; l < n; l++) {
            wq[l] = matrix(type, random, d, d);
            wk[l] = matrix(type, random, kv, d);
            wv[l] = matrix(type, random, kv, d);
            wo[l] = matrix(type, random, d, d);
            gate[l] = matrix(type, random, f, d);
            up[l] = matrix(type, random, f, d);
            down[l] = matrix(type, random, d, f);
            attnNorm[l] = ones(d);
            ffnNorm[l] = ones(d);
        }
        Matrix embedding = matrix(type, random, config.vocabSize(), d);
        var weights = new LlamaWeights(embedding, attnNorm, wq, wk, wv, wo, null, null, null, ffnNorm, gate, up, down,
                ones(d), embedding, null);
        return new LlamaModel(config, weights);
    }

    private static Matrix matrix(GgufType type, SplittableRandom random, int rows, int cols) {
        float[] values = new float[rows * cols];
        float scale = (float) (1 / Math.sqrt(cols));
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1) * scale;
        }
        return Matrix.from(type, values, rows, cols);
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }
}
