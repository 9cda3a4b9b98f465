package dev.course.engine.generate.model;

import dev.course.engine.generate.tensor.Matrix;

import java.util.Objects;

/**
 * Every weight of a Llama-family decoder. Per-layer arrays are indexed by layer. Matrices map
 * {@code cols} inputs to {@code rows} outputs. The small vectors (norm gains, biases) are plain floats.
 *
 * @param tokenEmbedding  vocabSize x dim: row {@code t} is token {@code t}'s vector
 * @param attentionNorm   per layer, dim gains of the RMSNorm before attention
 * @param wq              per layer, queryDim x dim: the queries
 * @param wk              per layer, kvDim x dim: the keys
 * @param wv              per layer, kvDim x dim: the values
 * @param wo              per layer, dim x queryDim: mixes the heads' outputs back into the residual stream
 * @param qBias           per layer query bias, or null (Qwen2 has them, Llama does not)
 * @param kBias           per layer key bias, or null
 * @param vBias           per layer value bias, or null
 * @param qNorm           per layer, headSize gains of the RMSNorm each query head gets before RoPE, or null (Qwen3's QK-norm)
 * @param kNorm           per layer, the same for each key head, or null
 * @param ffnNorm         per layer, dim gains of the RMSNorm before the feed-forward layer
 * @param gate            per layer, hiddenDim x dim: SwiGLU's gate (w1)
 * @param up              per layer, hiddenDim x dim: SwiGLU's up projection (w3)
 * @param down            per layer, dim x hiddenDim: back down to the residual stream (w2)
 * @param outputNorm      dim gains of the final RMSNorm
 * @param output          vocabSize x dim: the output head (often the token embedding itself, "tied")
 * @param ropeFactors     per-pair wavelength factors (Llama 3.1's long-context scaling), or null
 */
public record LlamaWeights(Matrix tokenEmbedding, float[][] attentionNorm,
                           Matrix[] wq, Matrix[] wk, Matrix[] wv, Matrix[] wo,
                           float[][] qBias, float[][] kBias, float[][] vBias,
                           float[][] qNorm, float[][] kNorm,
                           float[][] ffnNorm, Matrix[] gate, Matrix[] up, Matrix[] down,
                           float[] outputNorm, Matrix output, float[] ropeFactors) {

    public LlamaWeights {
        Objects.requireNonNull(tokenEmbedding, "tokenEmbedding");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(outputNorm, "outputNorm");
    }

    /** Weights without QK-norm (every architecture but Qwen3). */
    public LlamaWeights(Matrix tokenEmbedding, float[][] attentionNorm, Matrix[] wq, Matrix[] wk, Matrix[] wv, Matrix[] wo,
                        float[][] qBias, float[][] kBias, float[][] vBias, float[][] ffnNorm, Matrix[] gate, Matrix[] up,
                        Matrix[] down, float[] outputNorm, Matrix output, float[] ropeFactors) {
        this(tokenEmbedding, attentionNorm, wq, wk, wv, wo, qBias, kBias, vBias, null, null, ffnNorm, gate, up, down,
                outputNorm, output, ropeFactors);
    }

    /** Checks every shape against {@code config}, naming the first weight that does not fit. */
    public void check(LlamaConfig config) {
        shape("token_embd", tokenEmbedding, config.vocabSize(), config.dim());
        shape("output", output, config.vocabSize(), config.dim());
        length("output_norm", outputNorm, config.dim());
        for (int l = 0; l < config.layers(); l++) {
            length("blk." + l + ".attn_norm", attentionNorm[l], config.dim());
            length("blk." + l + ".ffn_norm", ffnNorm[l], config.dim());
            shape("blk." + l + ".attn_q", wq[l], config.queryDim(), config.dim());
            shape("blk." + l + ".attn_k", wk[l], config.kvDim(), config.dim());
            shape("blk." + l + ".attn_v", wv[l], config.kvDim(), config.dim());
            shape("blk." + l + ".attn_output", wo[l], config.dim(), config.queryDim());
            if (qBias != null) {
                length("blk." + l + ".attn_q.bias", qBias[l], config.queryDim());
                length("blk." + l + ".attn_k.bias", kBias[l], config.kvDim());
                length("blk." + l + ".attn_v.bias", vBias[l], config.kvDim());
            }
            if (qNorm != null) {
                length("blk." + l + ".attn_q_norm", qNorm[l], config.headSize());
                length("blk." + l + ".attn_k_norm", kNorm[l], config.headSize());
            }
            shape("blk." + l + ".ffn_gate", gate[l], config.hiddenDim(), config.dim());
            shape("blk." + l + ".ffn_up", up[l], config.hiddenDim(), config.dim());
            shape("blk." + l + ".ffn_down", down[l], config.dim(), config.hiddenDim());
        }
        if (ropeFactors != null) {
            length("rope_freqs", ropeFactors, config.headSize() / 2);
        }
    }

    private static void shape(String name, Matrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException(name + " should be " + rows + "x" + cols + ", is " + m.rows() + "x" + m.cols());
        }
    }

    private static void length(String name, float[] v, int n) {
        if (v == null || v.length != n) {
            throw new IllegalArgumentException(name + " should have " + n + " numbers");
        }
    }

    /** Bytes of weights read to produce one token: all matrices except the embedding, of which one row. */
    public long bytesReadPerToken() {
        long bytes = output.bytes() + tokenEmbedding.bytes() / tokenEmbedding.rows();
        for (int l = 0; l < wq.length; l++) {
            bytes += wq[l].bytes() + wk[l].bytes() + wv[l].bytes() + wo[l].bytes()
                    + gate[l].bytes() + up[l].bytes() + down[l].bytes();
        }
        return bytes;
    }
}
