package dev.course.engine.generate;

import dev.course.engine.generate.model.LlamaConfig;
import dev.course.engine.generate.model.LlamaWeights;
import dev.course.engine.generate.model.RopeStyle;

/**
 * An independent, deliberately naive forward pass in double precision: every position is computed
 * from scratch, attention looks at the whole prefix each time, no cache, no buffers reused, no
 * vectors. Written from the maths, not from the engine, so the two can check each other.
 */
final class ReferenceTransformer {

    private final LlamaConfig c;
    private final double[][] embedding, output;
    private final double[][][] wq, wk, wv, wo, gate, up, down;
    private final double[][] attnNorm, ffnNorm, qBias, kBias, vBias, qNorm, kNorm;
    private final double[] outNorm;

    ReferenceTransformer(LlamaConfig config, LlamaWeights w) {
        this.c = config;
        embedding = matrix(w.tokenEmbedding().toFloats(), c.vocabSize(), c.dim());
        output = matrix(w.output().toFloats(), c.vocabSize(), c.dim());
        int n = c.layers();
        wq = new double[n][][]; wk = new double[n][][]; wv = new double[n][][]; wo = new double[n][][];
        gate = new double[n][][]; up = new double[n][][]; down = new double[n][][];
        attnNorm = new double[n][]; ffnNorm = new double[n][];
        qBias = w.qBias() == null ? null : new double[n][];
        kBias = w.kBias() == null ? null : new double[n][];
        vBias = w.vBias() == null ? null : new double[n][];
        qNorm = w.qNorm() == null ? null : new double[n][];
        kNorm = w.kNorm() == null ? null : new double[n][];
        for (int l = 0; l < n; l++) {
            wq[l] = matrix(w.wq()[l].toFloats(), c.queryDim(), c.dim());
            wk[l] = matrix(w.wk()[l].toFloats(), c.kvDim(), c.dim());
            wv[l] = matrix(w.wv()[l].toFloats(), c.kvDim(), c.dim());
            wo[l] = matrix(w.wo()[l].toFloats(), c.dim(), c.queryDim());
            gate[l] = matrix(w.gate()[l].toFloats(), c.hiddenDim(), c.dim());
            up[l] = matrix(w.up()[l].toFloats(), c.hiddenDim(), c.dim());
            down[l] = matrix(w.down()[l].toFloats(), c.dim(), c.hiddenDim());
            attnNorm[l] = doubles(w.attentionNorm()[l]);
            ffnNorm[l] = doubles(w.ffnNorm()[l]);
            if (qBias != null) {
                qBias[l] = doubles(w.qBias()[l]);
                kBias[l] = doubles(w.kBias()[l]);
                vBias[l] = doubles(w.vBias()[l]);
            }
            if (qNorm != null) {
                qNorm[l] = doubles(w.qNorm()[l]);
                kNorm[l] = doubles(w.kNorm()[l]);
            }
        }
        outNorm = doubles(w.outputNorm());
    }

    /** Logits at every position of {@code tokens}: [position][vocab]. */
    double[][] logits(int[] tokens) {
        int T = tokens.length;
        double[][] x = new double[T][];
        for (int t = 0; t < T; t++) x[t] = embedding[tokens[t]].clone();
        int hs = c.headSize();
        for (int l = 0; l < c.layers(); l++) {
            double[][] q = new double[T][], k = new double[T][], v = new double[T][];
            for (int t = 0; t < T; t++) {
                double[] h = rmsNorm(x[t], attnNorm[l]);
                q[t] = rope(headNorm(add(mul(wq[l], h), qBias == null ? null : qBias[l]), qNorm == null ? null : qNorm[l]), t, c.heads());
                k[t] = rope(headNorm(add(mul(wk[l], h), kBias == null ? null : kBias[l]), kNorm == null ? null : kNorm[l]), t, c.kvHeads());
                v[t] = add(mul(wv[l], h), vBias == null ? null : vBias[l]);
            }
            for (int t = 0; t < T; t++) {
                double[] attended = new double[c.queryDim()];
                for (int head = 0; head < c.heads(); head++) {
                    int kvHead = head * c.kvHeads() / c.heads();
                    double[] w = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double dot = 0;
                        for (int i = 0; i < hs; i++) dot += q[t][head * hs + i] * k[s][kvHead * hs + i];
                        w[s] = dot / Math.sqrt(hs);
                        max = Math.max(max, w[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= t; s++) { w[s] = Math.exp(w[s] - max); sum += w[s]; }
                    for (int s = 0; s <= t; s++) {
                        for (int i = 0; i < hs; i++) attended[head * hs + i] += w[s] / sum * v[s][kvHead * hs + i];
                    }
                }
                double[] projected = mul(wo[l], attended);
                for (int i = 0; i < c.dim(); i++) x[t][i] += projected[i];
                double[] h = rmsNorm(x[t], ffnNorm[l]);
                double[] g = mul(gate[l], h), u = mul(up[l], h);
                double[] act = new double[c.hiddenDim()];
                for (int i = 0; i < act.length; i++) act[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                double[] ffn = mul(down[l], act);
                for (int i = 0; i < c.dim(); i++) x[t][i] += ffn[i];
            }
        }
        double[][] logits = new double[T][];
        for (int t = 0; t < T; t++) logits[t] = mul(output, rmsNorm(x[t], outNorm));
        return logits;
    }

    private double[] rope(double[] vec, int position, int heads) {
        int hs = c.headSize();
        double[] out = vec.clone();
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < hs / 2; i++) {
                double angle = position * Math.pow(c.ropeTheta(), -2.0 * i / hs);
                int a = h * hs + (c.ropeStyle() == RopeStyle.ADJACENT ? 2 * i : i);
                int b = h * hs + (c.ropeStyle() == RopeStyle.ADJACENT ? 2 * i + 1 : i + hs / 2);
                out[a] = vec[a] * Math.cos(angle) - vec[b] * Math.sin(angle);
                out[b] = vec[a] * Math.sin(angle) + vec[b] * Math.cos(angle);
            }
        }
        return out;
    }

    /** QK-norm: each head of {@code vec} RMS-normalised on its own with {@code gain} (or unchanged without). */
    private double[] headNorm(double[] vec, double[] gain) {
        if (gain == null) return vec;
        int hs = c.headSize();
        double[] out = new double[vec.length];
        for (int h = 0; h < vec.length / hs; h++) {
            double[] head = rmsNorm(java.util.Arrays.copyOfRange(vec, h * hs, (h + 1) * hs), gain);
            System.arraycopy(head, 0, out, h * hs, hs);
        }
        return out;
    }

    private double[] rmsNorm(double[] x, double[] gain) {
        double ss = 0;
        for (double v : x) ss += v * v;
        double scale = 1 / Math.sqrt(ss / x.length + c.rmsEps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] * scale * gain[i];
        return out;
    }

    private static double[] mul(double[][] m, double[] x) {
        double[] out = new double[m.length];
        for (int r = 0; r < m.length; r++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) s += m[r][i] * x[i];
            out[r] = s;
        }
        return out;
    }

    private static double[] add(double[] x, double[] bias) {
        if (bias == null) return x;
        double[] out = x.clone();
        for (int i = 0; i < x.length; i++) out[i] += bias[i];
        return out;
    }

    private static double[][] matrix(float[] flat, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) for (int i = 0; i < cols; i++) m[r][i] = flat[r * cols + i];
        return m;
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
