package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writes the K-quants ({@link Q4KMatrix Q4_K}, {@link Q5KMatrix Q5_K}, {@link Q6KMatrix Q6_K}), one
 * super-block of 256 weights at a time, in two steps:
 *
 * <ol>
 *   <li>fit each sub-block on its own: a scale (and for Q4_K/Q5_K an offset) that put its weights on
 *       the format's levels with the least squared error;</li>
 *   <li>quantize those per-sub-block numbers themselves against one or two fp16 super-block scales
 *       (six bits each for Q4_K/Q5_K, a signed byte for Q6_K), then round every weight once more
 *       with the scales as a reader will decode them.</li>
 * </ol>
 *
 * The fit tries a few candidate scales around the plain range-over-levels one and, for each, solves
 * the least-squares scale and offset for the levels it chose. This is not byte-for-byte what
 * llama.cpp's quantiser writes (nor need it be: any reader decodes the layout the same way), but its
 * error is of the same size, which the round-trip tests measure.
 */
final class KQuantizer {

    /** Candidate scales tried per sub-block: the level count is stretched by {@code step / 10} for each. */
    private static final int SEARCH_STEPS = 8;

    private KQuantizer() {
    }

    /** Q4_K: levels 0..15 with a per-sub-block scale and min. */
    static void q4k(float[] values, MemorySegment out) {
        for (int b = 0; b < values.length / Q4KMatrix.BLOCK; b++) {
            long base = (long) b * Q4KMatrix.BLOCK_BYTES;
            int[] levels = affineSuperBlock(values, b * Q4KMatrix.BLOCK, 15, out, base, Q4KMatrix.SCALES_AT);
            for (int run = 0; run < 4; run++) {
                for (int l = 0; l < Q4KMatrix.SUB; l++) {
                    int low = levels[run * 64 + l], high = levels[run * 64 + 32 + l];
                    out.set(ValueLayout.JAVA_BYTE, base + Q4KMatrix.QS_AT + run * 32 + l, (byte) (low | high << 4));
                }
            }
        }
    }

    /** Q5_K: levels 0..31 with a per-sub-block scale and min; the fifth bits go to {@code qh}. */
    static void q5k(float[] values, MemorySegment out) {
        for (int b = 0; b < values.length / Q5KMatrix.BLOCK; b++) {
            long base = (long) b * Q5KMatrix.BLOCK_BYTES;
            int[] levels = affineSuperBlock(values, b * Q5KMatrix.BLOCK, 31, out, base, Q5KMatrix.SCALES_AT);
            byte[] qh = new byte[32];
            for (int s = 0; s < KScales.SUB_BLOCKS; s++) {
                for (int l = 0; l < Q5KMatrix.SUB; l++) {
                    int q = levels[s * 32 + l];
                    qh[l] |= (byte) ((q >>> 4) << s);
                    long at = base + Q5KMatrix.QS_AT + (s / 2) * 32 + l;
                    byte packed = out.get(ValueLayout.JAVA_BYTE, at);
                    out.set(ValueLayout.JAVA_BYTE, at, (byte) (packed | (q & 0x0F) << (4 * (s % 2))));
                }
            }
            MemorySegment.copy(qh, 0, out, ValueLayout.JAVA_BYTE, base + Q5KMatrix.QH_AT, 32);
        }
    }

    /**
     * Steps 1 and 2 for Q4_K and Q5_K: fits the eight sub-blocks of the super-block starting at
     * {@code values[from]}, writes d, dmin and the packed scales at {@code base}, and returns the 256
     * levels (0 to {@code maxLevel}) to pack.
     */
    private static int[] affineSuperBlock(float[] values, int from, int maxLevel, MemorySegment out, long base, int scalesAt) {
        float[] scales = new float[KScales.SUB_BLOCKS], mins = new float[KScales.SUB_BLOCKS];
        float maxScale = 0, maxMin = 0;
        for (int s = 0; s < KScales.SUB_BLOCKS; s++) {
            float[] fit = fitAffine(values, from + s * 32, 32, maxLevel);
            scales[s] = fit[0];
            mins[s] = fit[1];
            maxScale = Math.max(maxScale, scales[s]);
            maxMin = Math.max(maxMin, mins[s]);
        }
        float d = Float.float16ToFloat(Float.floatToFloat16(maxScale / KScales.MAX));
        float dmin = Float.float16ToFloat(Float.floatToFloat16(maxMin / KScales.MAX));
        int[] sixBitScales = new int[KScales.SUB_BLOCKS], sixBitMins = new int[KScales.SUB_BLOCKS];
        for (int s = 0; s < KScales.SUB_BLOCKS; s++) {
            sixBitScales[s] = d > 0 ? Math.min(KScales.MAX, Math.round(scales[s] / d)) : 0;
            sixBitMins[s] = dmin > 0 ? Math.min(KScales.MAX, Math.round(mins[s] / dmin)) : 0;
        }
        out.set(Simd.SHORT, base, Float.floatToFloat16(d));
        out.set(Simd.SHORT, base + 2, Float.floatToFloat16(dmin));
        KScales.pack(sixBitScales, sixBitMins, out, base + scalesAt);
        int[] levels = new int[Q4KMatrix.BLOCK];
        for (int s = 0; s < KScales.SUB_BLOCKS; s++) {
            float scale = d * sixBitScales[s], min = dmin * sixBitMins[s];
            for (int i = 0; i < 32; i++) {
                levels[s * 32 + i] = scale == 0 ? 0 : clamp(Math.round((values[from + s * 32 + i] + min) / scale), 0, maxLevel);
            }
        }
        return levels;
    }

    /**
     * The scale {@code a} and min {@code m >= 0} with {@code x ≈ a * q - m} for levels {@code q} in
     * {@code 0..maxLevel}, least squared error over a few candidates; returns {@code {a, m}}.
     */
    static float[] fitAffine(float[] x, int from, int n, int maxLevel) {
        float lo = 0, hi = 0;                                  // the range always includes 0: the min is never negative
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, x[from + i]);
            hi = Math.max(hi, x[from + i]);
        }
        if (hi == lo) {
            return new float[]{0, -lo};
        }
        float bestScale = (hi - lo) / maxLevel, bestOffset = lo;
        double bestError = affineError(x, from, n, maxLevel, bestScale, bestOffset);
        for (int step = -SEARCH_STEPS; step <= SEARCH_STEPS; step++) {
            float candidate = (hi - lo) / (maxLevel + step / 10f);
            // the levels this candidate chooses, then the least-squares line through them
            double sumQ = 0, sumQ2 = 0, sumX = 0, sumQX = 0;
            for (int i = 0; i < n; i++) {
                int q = clamp(Math.round((x[from + i] - lo) / candidate), 0, maxLevel);
                sumQ += q;
                sumQ2 += (double) q * q;
                sumX += x[from + i];
                sumQX += q * (double) x[from + i];
            }
            double det = n * sumQ2 - sumQ * sumQ;
            if (det <= 0) {
                continue;
            }
            float scale = (float) ((n * sumQX - sumQ * sumX) / det);
            float offset = (float) ((sumQ2 * sumX - sumQ * sumQX) / det);
            if (offset > 0) {                                  // a positive offset is not storable: fit through 0
                offset = 0;
                scale = (float) (sumQX / sumQ2);
            }
            if (!(scale > 0)) {
                continue;
            }
            double error = affineError(x, from, n, maxLevel, scale, offset);
            if (error < bestError) {
                bestError = error;
                bestScale = scale;
                bestOffset = offset;
            }
        }
        return new float[]{bestScale, -bestOffset};
    }

    private static double affineError(float[] x, int from, int n, int maxLevel, float scale, float offset) {
        double error = 0;
        for (int i = 0; i < n; i++) {
            int q = clamp(Math.round((x[from + i] - offset) / scale), 0, maxLevel);
            double diff = scale * q + offset - x[from + i];
            error += diff * diff;
        }
        return error;
    }

    /** Q6_K: symmetric levels -32..31 with a signed eight-bit scale per 16 weights. */
    static void q6k(float[] values, MemorySegment out) {
        int runs = Q6KMatrix.BLOCK / Q6KMatrix.RUN;
        for (int b = 0; b < values.length / Q6KMatrix.BLOCK; b++) {
            int from = b * Q6KMatrix.BLOCK;
            long base = (long) b * Q6KMatrix.BLOCK_BYTES;
            float[] scales = new float[runs];
            float extreme = 0;
            for (int r = 0; r < runs; r++) {
                scales[r] = fitSymmetric(values, from + r * Q6KMatrix.RUN, Q6KMatrix.RUN);
                if (Math.abs(scales[r]) > Math.abs(extreme)) {
                    extreme = scales[r];
                }
            }
            // the scale of largest magnitude becomes -128, the end of a signed byte's range that has room
            float d = Float.float16ToFloat(Float.floatToFloat16(extreme / -128f));
            out.set(Simd.SHORT, base + Q6KMatrix.D_AT, Float.floatToFloat16(d));
            int[] levels = new int[Q6KMatrix.BLOCK];
            for (int r = 0; r < runs; r++) {
                int scale = d == 0 ? 0 : clamp(Math.round(scales[r] / d), -128, 127);
                out.set(ValueLayout.JAVA_BYTE, base + Q6KMatrix.SCALES_AT + r, (byte) scale);
                for (int i = 0; i < Q6KMatrix.RUN; i++) {
                    int at = r * Q6KMatrix.RUN + i;
                    levels[at] = scale == 0 ? 32 : clamp(Math.round(values[from + at] / (d * scale)), -32, 31) + 32;
                }
            }
            for (int half = 0; half < 2; half++) {
                for (int l = 0; l < 32; l++) {
                    int[] q = new int[4];
                    for (int quarter = 0; quarter < 4; quarter++) {
                        q[quarter] = levels[half * Q6KMatrix.HALF + quarter * 32 + l];
                    }
                    out.set(ValueLayout.JAVA_BYTE, base + 64L * half + l, (byte) ((q[0] & 0x0F) | (q[2] & 0x0F) << 4));
                    out.set(ValueLayout.JAVA_BYTE, base + 64L * half + 32 + l, (byte) ((q[1] & 0x0F) | (q[3] & 0x0F) << 4));
                    out.set(ValueLayout.JAVA_BYTE, base + Q6KMatrix.QH_AT + 32L * half + l,
                            (byte) ((q[0] >>> 4) | (q[1] >>> 4) << 2 | (q[2] >>> 4) << 4 | (q[3] >>> 4) << 6));
                }
            }
        }
    }

    /**
     * A scale {@code a} with {@code x ≈ a * q} for {@code q} in {@code -32..31}: the weight of largest
     * magnitude maps to -32 (the side with one more level), then the least-squares scale for the
     * levels that chose.
     */
    static float fitSymmetric(float[] x, int from, int n) {
        float extreme = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(x[from + i]) > Math.abs(extreme)) {
                extreme = x[from + i];
            }
        }
        if (extreme == 0) {
            return 0;
        }
        float scale = extreme / -32f;
        double sumQX = 0, sumQ2 = 0;
        for (int i = 0; i < n; i++) {
            int q = clamp(Math.round(x[from + i] / scale), -32, 31);
            sumQX += q * (double) x[from + i];
            sumQ2 += (double) q * q;
        }
        return sumQ2 > 0 ? (float) (sumQX / sumQ2) : scale;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
