package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q6_K: super-blocks of 256 weights in 210 bytes (6.56 bits a weight); what Q6_K files hold, and
 * the output head and half the feed-forward down projections of a "Q4_K_M" file.
 *
 * <pre>
 *   offset  0                  128               192                208    210
 *           | ql: low 4 bits   | qh: high 2 bits | scales: 16 int8  | d    |
 *
 *   Two halves of 128 weights; half h uses ql[64h ..], qh[32h ..], scales[8h ..]. Within a half,
 *   for l from 0 to 31:
 *       weight l       low nibble of ql[l]        | bits 0-1 of qh[l], as bits 4-5
 *       weight l + 32  low nibble of ql[l + 32]   | bits 2-3 of qh[l]
 *       weight l + 64  high nibble of ql[l]       | bits 4-5 of qh[l]
 *       weight l + 96  high nibble of ql[l + 32]  | bits 6-7 of qh[l]
 * </pre>
 *
 * The six bits make a level {@code q} from 0 to 63; the weight is {@code d * scale * (q - 32)}, where
 * each run of 16 weights (weight {@code i} of a half: {@code scales[8h + i / 16]}) has a signed
 * eight-bit scale. Unlike Q4_K there is no min: 64 levels around zero are fine enough.
 */
public record Q6KMatrix(MemorySegment data, int rows, int cols) implements Matrix {

    static final int BLOCK = GgufType.QK_K;
    static final int BLOCK_BYTES = 210;
    static final int HALF = 128;
    static final int QH_AT = 128;
    static final int SCALES_AT = 192;
    static final int D_AT = 208;
    /** Weights per scale. */
    static final int RUN = 16;

    public Q6KMatrix {
        Matrix.checkSize(GgufType.Q6_K, data, rows, cols);
    }

    @Override
    public GgufType type() {
        return GgufType.Q6_K;
    }

    @Override
    public float dot(int row, float[] x) {
        return Simd.QUANTIZED_VECTORS ? dotVector(row, x) : dotScalar(row, x);
    }

    /** {@link Matrix#dotRows}, here so that {@link #dot} is inlined (see there). */
    @Override
    public void dotRows(int from, int to, float[] x, float[] out) {
        for (int r = from; r < to; r++) {
            out[r] = dot(r, x);
        }
    }

    /** The six-bit level of weight {@code i} (0 to 127) of half {@code half} of the super-block at {@code base}. */
    private int level(long base, int half, int i) {
        int l = i % 32, quarter = i / 32;
        int ql = data.get(ValueLayout.JAVA_BYTE, base + 64L * half + l + (quarter % 2) * 32) & 0xFF;
        int qh = data.get(ValueLayout.JAVA_BYTE, base + QH_AT + 32L * half + l) & 0xFF;
        return (quarter < 2 ? ql & 0x0F : ql >>> 4) | ((qh >>> (2 * quarter)) & 3) << 4;
    }

    /** Per run of 16 weights: {@code d * scale * sum((q - 32) * x)}. */
    float dotScalar(int row, float[] x) {
        long base = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        float sum = 0;
        for (int col = 0; col < cols; col += BLOCK, base += BLOCK_BYTES) {
            float d = Float.float16ToFloat(data.get(Simd.SHORT, base + D_AT));
            for (int half = 0; half < 2; half++) {
                for (int run = 0; run < HALF / RUN; run++) {
                    int from = col + half * HALF + run * RUN;
                    float runSum = 0;
                    for (int i = 0; i < RUN; i++) {
                        runSum += (level(base, half, run * RUN + i) - 32) * x[from + i];
                    }
                    sum += d * data.get(ValueLayout.JAVA_BYTE, base + SCALES_AT + 8 * half + run) * runSum;
                }
            }
        }
        return sum;
    }

    /**
     * Per quarter of a half (weights {@code 32 * quarter ..} of it) and per {@code lanes} values of
     * {@code l}: a load of {@code ql} gives the low four bits of a vector of levels (its low or its high
     * nibbles), a load of {@code qh} the top two; the levels widen straight into one float vector that
     * lies within one run of 16 weights, so it meets one scale. The sixteen scales are widened to
     * floats once per super-block, all at once ({@link Simd#toFloats}; read and converted one by one
     * they cost a fifth of the product's time).
     *
     * <p>The quarters are a loop rather than written out: with the four written out, the method grew
     * past what the JIT inlines ({@code NodeCountInliningCutoff} in {@code -XX:+PrintInlining}), so
     * {@link #term} stayed a call on boxed vectors, and the product ran at a third of Q4_K's speed per
     * weight. The bits come out of their bytes with shifts of 16-bit lanes ({@link Simd#bits}), which x86
     * has, unlike shifts of single bytes. Measured in docs/measurements.md ("Q6_K inlined, nibbles by 16-bit shifts").
     */
    private float dotVector(int row, float[] x) {
        int lanes = Simd.FLOATS.length();
        long base = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        float[] scales = new float[2 * HALF / RUN];
        FloatVector sum = FloatVector.zero(Simd.FLOATS);
        for (int col = 0; col < cols; col += BLOCK, base += BLOCK_BYTES) {
            float d = Float.float16ToFloat(data.get(Simd.SHORT, base + D_AT));
            Simd.toFloats(ByteVector.fromMemorySegment(ByteVector.SPECIES_128, data, base + SCALES_AT, Simd.ORDER), scales);
            for (int half = 0; half < 2; half++) {
                long qh = base + QH_AT + 32L * half;
                for (int quarter = 0; quarter < 4; quarter++) {
                    long ql = base + 64L * half + 32 * (quarter % 2);
                    int nibble = 4 * (quarter / 2), top = 2 * quarter;
                    int from = half * HALF + 32 * quarter;
                    for (int l = 0; l < 32; l += lanes) {
                        ByteVector low = Simd.bits(ByteVector.fromMemorySegment(Simd.BYTES, data, ql + l, Simd.ORDER), nibble, 0x0F);
                        ByteVector high = Simd.bits(ByteVector.fromMemorySegment(Simd.BYTES, data, qh + l, Simd.ORDER), top, 0x03);
                        ByteVector levels = low.or(Simd.shiftLeft(high, 4));
                        sum = term(levels, x, col + from + l, d * scales[(from + l) / RUN], sum);
                    }
                }
            }
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /** {@code sum + scale * (levels - 32) * x[at ..]}, for one vector of six-bit levels. */
    private static FloatVector term(ByteVector levels, float[] x, int at, float scale, FloatVector sum) {
        FloatVector q = (FloatVector) levels.sub((byte) 32).castShape(Simd.FLOATS, 0);
        return q.mul(FloatVector.fromArray(Simd.FLOATS, x, at)).fma(FloatVector.broadcast(Simd.FLOATS, scale), sum);
    }

    @Override
    public void row(int row, float[] out, int offset) {
        long base = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        for (int col = 0; col < cols; col += BLOCK, base += BLOCK_BYTES) {
            float d = Float.float16ToFloat(data.get(Simd.SHORT, base + D_AT));
            for (int half = 0; half < 2; half++) {
                for (int i = 0; i < HALF; i++) {
                    float scale = d * data.get(ValueLayout.JAVA_BYTE, base + SCALES_AT + 8 * half + i / RUN);
                    out[offset + col + half * HALF + i] = scale * (level(base, half, i) - 32);
                }
            }
        }
    }
}
