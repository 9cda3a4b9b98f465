package dev.course.engine.generate.train;

import dev.course.engine.generate.model.LlamaConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The same Llama architecture as {@link dev.course.engine.generate.model.LlamaModel}, written for
 * training: a whole sequence at once, keeping every intermediate result, and a backward pass that
 * walks the forward pass in reverse applying the chain rule to each layer. Each layer's backward
 * step sits next to a comment with its formula.
 *
 * <p>Gradients go into a {@link Workspace}, one per thread, so several sequences can be processed in
 * parallel and their gradients summed afterwards.
 */
public final class TrainableLlama {

    private final TrainingConfig config;
    private final LlamaConfig shape;
    final Parameter embedding;
    final Parameter[] attnNorm, wq, wk, wv, wo, ffnNorm, gate, up, down;
    final Parameter outputNorm;
    final Parameter output;
    private final List<Parameter> parameters = new ArrayList<>();
    private final float[] cos;   // [position][pair]
    private final float[] sin;

    /** A model with freshly initialised weights: N(0, 0.02), residual projections scaled down by depth. */
    public TrainableLlama(TrainingConfig config) {
        this.config = config;
        this.shape = config.model();
        var random = new Random(config.seed());
        int d = shape.dim(), kv = shape.kvDim(), f = shape.hiddenDim(), n = shape.layers();
        float std = 0.02f;
        float residualStd = (float) (std / Math.sqrt(2.0 * n));
        embedding = add(Parameter.create("token_embd.weight", random, std, shape.vocabSize(), d));
        attnNorm = new Parameter[n]; wq = new Parameter[n]; wk = new Parameter[n]; wv = new Parameter[n];
        wo = new Parameter[n]; ffnNorm = new Parameter[n]; gate = new Parameter[n]; up = new Parameter[n];
        down = new Parameter[n];
        for (int l = 0; l < n; l++) {
            String p = "blk." + l + ".";
            attnNorm[l] = add(Parameter.create(p + "attn_norm.weight", random, 0, d));
            wq[l] = add(Parameter.create(p + "attn_q.weight", random, std, d, d));
            wk[l] = add(Parameter.create(p + "attn_k.weight", random, std, kv, d));
            wv[l] = add(Parameter.create(p + "attn_v.weight", random, std, kv, d));
            wo[l] = add(Parameter.create(p + "attn_output.weight", random, residualStd, d, d));
            ffnNorm[l] = add(Parameter.create(p + "ffn_norm.weight", random, 0, d));
            gate[l] = add(Parameter.create(p + "ffn_gate.weight", random, std, f, d));
            up[l] = add(Parameter.create(p + "ffn_up.weight", random, std, f, d));
            down[l] = add(Parameter.create(p + "ffn_down.weight", random, residualStd, d, f));
        }
        outputNorm = add(Parameter.create("output_norm.weight", random, 0, d));
        output = add(Parameter.create("output.weight", random, std, shape.vocabSize(), d));

        int pairs = shape.headSize() / 2;
        cos = new float[config.seqLen() * pairs];
        sin = new float[config.seqLen() * pairs];
        for (int t = 0; t < config.seqLen(); t++) {
            for (int i = 0; i < pairs; i++) {
                double angle = t * Math.pow(shape.ropeTheta(), -2.0 * i / shape.headSize());
                cos[t * pairs + i] = (float) Math.cos(angle);
                sin[t * pairs + i] = (float) Math.sin(angle);
            }
        }
    }

    private Parameter add(Parameter p) {
        parameters.add(p);
        return p;
    }

    public TrainingConfig config() {
        return config;
    }

    /** All parameters, in GGUF order. */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    public long parameterCount() {
        return parameters.stream().mapToLong(Parameter::size).sum();
    }

    /** Buffers for one sequence at a time: activations and this thread's gradients. */
    public Workspace newWorkspace() {
        return new Workspace(this);
    }

    int indexOf(Parameter p) {
        return parameters.indexOf(p);
    }

    /**
     * The mean cross-entropy of predicting {@code tokens[offset + t + 1]} from the tokens up to
     * {@code offset + t}, for {@code t < length}. When {@code gradScale > 0}, also adds
     * {@code gradScale x} the gradient of that loss to the workspace's gradients.
     */
    public double loss(int[] tokens, int offset, int length, Workspace ws, float gradScale) {
        if (length > config.seqLen() || length <= 0) {
            throw new IllegalArgumentException("a sequence holds 1 to " + config.seqLen() + " positions, got " + length);
        }
        double loss = forward(tokens, offset, length, ws);
        if (gradScale > 0) {
            backward(tokens, offset, length, ws, gradScale);
        }
        return loss;
    }

    // ---------------------------------------------------------------- forward

    private double forward(int[] tokens, int offset, int T, Workspace ws) {
        int D = shape.dim(), KV = shape.kvDim(), F = shape.hiddenDim(), V = shape.vocabSize();
        float[] x = ws.x;
        for (int t = 0; t < T; t++) {
            System.arraycopy(embedding.value(), tokens[offset + t] * D, x, t * D, D);
        }
        for (int l = 0; l < shape.layers(); l++) {
            System.arraycopy(x, 0, ws.xIn[l], 0, T * D);
            rmsNorm(x, attnNorm[l].value(), ws.n1[l], ws.rstd1[l], T);
            Vec.linear(ws.q[l], ws.n1[l], wq[l].value(), T, D, D);
            Vec.linear(ws.k[l], ws.n1[l], wk[l].value(), T, D, KV);
            Vec.linear(ws.v[l], ws.n1[l], wv[l].value(), T, D, KV);
            rope(ws.q[l], shape.heads(), T, +1);
            rope(ws.k[l], shape.kvHeads(), T, +1);
            attention(ws.q[l], ws.k[l], ws.v[l], ws.att[l], ws.ao[l], T);
            Vec.linear(ws.tmpD, ws.ao[l], wo[l].value(), T, D, D);
            for (int i = 0; i < T * D; i++) x[i] += ws.tmpD[i];
            System.arraycopy(x, 0, ws.xMid[l], 0, T * D);
            rmsNorm(x, ffnNorm[l].value(), ws.n2[l], ws.rstd2[l], T);
            Vec.linear(ws.g[l], ws.n2[l], gate[l].value(), T, D, F);
            Vec.linear(ws.u[l], ws.n2[l], up[l].value(), T, D, F);
            for (int i = 0; i < T * F; i++) {
                ws.h[l][i] = silu(ws.g[l][i]) * ws.u[l][i];
            }
            Vec.linear(ws.tmpD, ws.h[l], down[l].value(), T, F, D);
            for (int i = 0; i < T * D; i++) x[i] += ws.tmpD[i];
        }
        System.arraycopy(x, 0, ws.xFinal, 0, T * D);
        rmsNorm(x, outputNorm.value(), ws.nf, ws.rstdf, T);
        Vec.linear(ws.logits, ws.nf, output.value(), T, D, V);
        double loss = 0;
        for (int t = 0; t < T; t++) {
            softmaxRow(ws.logits, t * V, V);                      // logits become probabilities
            loss -= Math.log(Math.max(ws.logits[t * V + tokens[offset + t + 1]], 1e-30f));
        }
        return loss / T;
    }

    static float silu(float g) {
        return g / (1f + (float) Math.exp(-g));
    }

    private void rmsNorm(float[] x, float[] gain, float[] out, float[] rstd, int T) {
        int D = shape.dim();
        for (int t = 0; t < T; t++) {
            double ss = 0;
            for (int i = 0; i < D; i++) ss += x[t * D + i] * x[t * D + i];
            float r = (float) (1 / Math.sqrt(ss / D + shape.rmsEps()));
            rstd[t] = r;
            for (int i = 0; i < D; i++) out[t * D + i] = x[t * D + i] * r * gain[i];
        }
    }

    /** Rotates adjacent pairs of every head by the position's angles; {@code direction -1} undoes it. */
    private void rope(float[] vec, int heads, int T, int direction) {
        int hs = shape.headSize(), pairs = hs / 2, width = heads * hs;
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < pairs; i++) {
                    int a = t * width + h * hs + 2 * i;
                    float c = cos[t * pairs + i], s = direction * sin[t * pairs + i];
                    float x0 = vec[a], x1 = vec[a + 1];
                    vec[a] = x0 * c - x1 * s;
                    vec[a + 1] = x0 * s + x1 * c;
                }
            }
        }
    }

    /** Causal attention for every head and position; keeps the softmax weights for backward. */
    private void attention(float[] q, float[] k, float[] v, float[] att, float[] out, int T) {
        int hs = shape.headSize(), D = shape.dim(), KV = shape.kvDim(), S = config.seqLen();
        float scale = (float) (1 / Math.sqrt(hs));
        java.util.Arrays.fill(out, 0, T * D, 0f);
        for (int h = 0; h < shape.heads(); h++) {
            int kvh = h / shape.groupSize();
            for (int t = 0; t < T; t++) {
                int row = (h * S + t) * S;
                for (int s = 0; s <= t; s++) {
                    att[row + s] = Vec.dot(q, t * D + h * hs, k, s * KV + kvh * hs, hs) * scale;
                }
                softmaxRow(att, row, t + 1);
                for (int s = 0; s <= t; s++) {
                    Vec.axpy(att[row + s], v, s * KV + kvh * hs, out, t * D + h * hs, hs);
                }
            }
        }
    }

    private static void softmaxRow(float[] x, int from, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[from + i]);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            x[from + i] = (float) Math.exp(x[from + i] - max);
            sum += x[from + i];
        }
        float inv = (float) (1 / sum);
        for (int i = 0; i < n; i++) x[from + i] *= inv;
    }

    // ---------------------------------------------------------------- backward

    private void backward(int[] tokens, int offset, int T, Workspace ws, float gradScale) {
        int D = shape.dim(), KV = shape.kvDim(), F = shape.hiddenDim(), V = shape.vocabSize();
        float[][] grad = ws.grads;
        // d loss / d logits = (softmax - one-hot) / T, times the batch's scale
        float[] dLogits = ws.logits;
        for (int t = 0; t < T; t++) {
            dLogits[t * V + tokens[offset + t + 1]] -= 1f;
        }
        float s = gradScale / T;
        for (int i = 0; i < T * V; i++) dLogits[i] *= s;

        float[] dx = ws.dx;
        java.util.Arrays.fill(ws.dn, 0, T * D, 0f);
        Vec.linearBackward(ws.dn, grad[indexOf(output)], dLogits, ws.nf, output.value(), T, D, V);
        java.util.Arrays.fill(dx, 0, T * D, 0f);
        rmsNormBackward(ws.dn, ws.xFinal, outputNorm.value(), ws.rstdf, dx, grad[indexOf(outputNorm)], T);

        for (int l = shape.layers() - 1; l >= 0; l--) {
            // feed-forward: x = xMid + Wdown · (silu(g) * u)
            java.util.Arrays.fill(ws.dh, 0, T * F, 0f);
            Vec.linearBackward(ws.dh, grad[indexOf(down[l])], dx, ws.h[l], down[l].value(), T, F, D);
            for (int i = 0; i < T * F; i++) {
                float g = ws.g[l][i], sig = 1f / (1f + (float) Math.exp(-g));
                ws.du[i] = ws.dh[i] * g * sig;                                // d/du (silu(g) u) = silu(g)
                ws.dg[i] = ws.dh[i] * ws.u[l][i] * sig * (1f + g * (1f - sig));  // silu'(g) = sig (1 + g (1 - sig))
            }
            java.util.Arrays.fill(ws.dn, 0, T * D, 0f);
            Vec.linearBackward(ws.dn, grad[indexOf(gate[l])], ws.dg, ws.n2[l], gate[l].value(), T, D, F);
            Vec.linearBackward(ws.dn, grad[indexOf(up[l])], ws.du, ws.n2[l], up[l].value(), T, D, F);
            rmsNormBackward(ws.dn, ws.xMid[l], ffnNorm[l].value(), ws.rstd2[l], dx, grad[indexOf(ffnNorm[l])], T);

            // attention: xMid = xIn + Wo · attention(q, k, v)
            java.util.Arrays.fill(ws.dao, 0, T * D, 0f);
            Vec.linearBackward(ws.dao, grad[indexOf(wo[l])], dx, ws.ao[l], wo[l].value(), T, D, D);
            java.util.Arrays.fill(ws.dq, 0, T * D, 0f);
            java.util.Arrays.fill(ws.dk, 0, T * KV, 0f);
            java.util.Arrays.fill(ws.dv, 0, T * KV, 0f);
            attentionBackward(ws, l, T);
            rope(ws.dq, shape.heads(), T, -1);          // a rotation's gradient is the inverse rotation
            rope(ws.dk, shape.kvHeads(), T, -1);
            java.util.Arrays.fill(ws.dn, 0, T * D, 0f);
            Vec.linearBackward(ws.dn, grad[indexOf(wq[l])], ws.dq, ws.n1[l], wq[l].value(), T, D, D);
            Vec.linearBackward(ws.dn, grad[indexOf(wk[l])], ws.dk, ws.n1[l], wk[l].value(), T, D, KV);
            Vec.linearBackward(ws.dn, grad[indexOf(wv[l])], ws.dv, ws.n1[l], wv[l].value(), T, D, KV);
            rmsNormBackward(ws.dn, ws.xIn[l], attnNorm[l].value(), ws.rstd1[l], dx, grad[indexOf(attnNorm[l])], T);
        }
        float[] dEmbedding = grad[indexOf(embedding)];
        for (int t = 0; t < T; t++) {
            Vec.axpy(1f, dx, t * D, dEmbedding, tokens[offset + t] * D, D);
        }
    }

    /**
     * {@code y = x * r * gain} with {@code r = 1/rms(x)}: adds to {@code dx} and {@code dGain}.
     * {@code dx_i = r (gain_i dy_i) - r^3 / D * x_i * sum_j(gain_j dy_j x_j)}.
     */
    private void rmsNormBackward(float[] dy, float[] x, float[] gain, float[] rstd, float[] dx, float[] dGain, int T) {
        int D = shape.dim();
        for (int t = 0; t < T; t++) {
            float r = rstd[t];
            double dot = 0;
            for (int i = 0; i < D; i++) {
                float gdy = gain[i] * dy[t * D + i];
                dot += gdy * x[t * D + i];
                dGain[i] += dy[t * D + i] * x[t * D + i] * r;
            }
            float c = (float) (dot * r * r * r / D);
            for (int i = 0; i < D; i++) {
                dx[t * D + i] += r * gain[i] * dy[t * D + i] - c * x[t * D + i];
            }
        }
    }

    /**
     * Through {@code out_t = sum_s a_ts v_s}, {@code a_t = softmax(q_t · k_s / sqrt(hs))}:
     * {@code dv_s += a_ts dout_t}; {@code da_ts = dout_t · v_s}; {@code dscore = a (da - sum(a da))};
     * {@code dq_t += dscore k_s / sqrt(hs)}; {@code dk_s += dscore q_t / sqrt(hs)}.
     */
    private void attentionBackward(Workspace ws, int l, int T) {
        int hs = shape.headSize(), D = shape.dim(), KV = shape.kvDim(), S = config.seqLen();
        float scale = (float) (1 / Math.sqrt(hs));
        float[] q = ws.q[l], k = ws.k[l], v = ws.v[l], att = ws.att[l], da = ws.datt;
        for (int h = 0; h < shape.heads(); h++) {
            int kvh = h / shape.groupSize();
            for (int t = 0; t < T; t++) {
                int row = (h * S + t) * S;
                int dOut = t * D + h * hs;
                double weighted = 0;
                for (int s = 0; s <= t; s++) {
                    da[s] = Vec.dot(ws.dao, dOut, v, s * KV + kvh * hs, hs);
                    weighted += att[row + s] * da[s];
                    Vec.axpy(att[row + s], ws.dao, dOut, ws.dv, s * KV + kvh * hs, hs);
                }
                for (int s = 0; s <= t; s++) {
                    float dScore = att[row + s] * (da[s] - (float) weighted) * scale;
                    Vec.axpy(dScore, k, s * KV + kvh * hs, ws.dq, t * D + h * hs, hs);
                    Vec.axpy(dScore, q, t * D + h * hs, ws.dk, s * KV + kvh * hs, hs);
                }
            }
        }
    }

    /** Activations of one sequence and one thread's gradients. */
    public static final class Workspace {
        final float[] x, xFinal, nf, rstdf, logits, tmpD, dx, dn, dao, dq, dk, dv, dh, dg, du, datt;
        final float[][] xIn, n1, rstd1, q, k, v, att, ao, xMid, n2, rstd2, g, u, h;
        final float[][] grads;

        Workspace(TrainableLlama model) {
            LlamaConfig c = model.shape;
            int T = model.config.seqLen(), D = c.dim(), KV = c.kvDim(), F = c.hiddenDim(), L = c.layers();
            x = new float[T * D]; xFinal = new float[T * D]; nf = new float[T * D]; rstdf = new float[T];
            logits = new float[T * c.vocabSize()]; tmpD = new float[T * D]; dx = new float[T * D]; dn = new float[T * D];
            dao = new float[T * D]; dq = new float[T * D]; dk = new float[T * KV]; dv = new float[T * KV];
            dh = new float[T * F]; dg = new float[T * F]; du = new float[T * F]; datt = new float[T];
            xIn = new float[L][T * D]; n1 = new float[L][T * D]; rstd1 = new float[L][T];
            q = new float[L][T * D]; k = new float[L][T * KV]; v = new float[L][T * KV];
            att = new float[L][c.heads() * T * T]; ao = new float[L][T * D]; xMid = new float[L][T * D];
            n2 = new float[L][T * D]; rstd2 = new float[L][T]; g = new float[L][T * F]; u = new float[L][T * F];
            h = new float[L][T * F];
            grads = new float[model.parameters.size()][];
            for (int i = 0; i < grads.length; i++) grads[i] = new float[model.parameters.get(i).size()];
        }

        /** This workspace's gradient for parameter {@code index}. */
        public float[] grad(int index) {
            return grads[index];
        }

        void clearGradients() {
            for (float[] g : grads) java.util.Arrays.fill(g, 0f);
        }
    }
}
