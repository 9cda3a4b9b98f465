package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q5_K, the bulk of a "Q5_K_M" file: {@link Q4KMatrix Q4_K} with a fifth bit per weight, super-blocks
 * of 256 weights in 176 bytes (5.5 bits a weight).
 *
 * <pre>
 *   offset  0      2      4              16            48                          176
 *           | d    | dmin | scales, mins | qh: 32 bytes | qs: 128 bytes, as Q4_K   |
 *
 *   weight l of sub-block s (0..7, 32 weights each):
 *       low four bits   qs[32 * (s / 2) + l], low nibble if s is even, high nibble if odd
 *       fifth bit (16)  bit s of qh[l]
 * </pre>
 *
 * The weight is {@code d * sc * q - dmin * m} with {@code q} from 0 to 31, and the six-bit {@code sc}
 * and {@code m} of sub-block {@code s} come from {@link KScales}.
 */
public record Q5KMatrix(MemorySegment data, int rows, int cols) implements Matrix {

    static final int BLOCK = GgufType.QK_K;
    static final int BLOCK_BYTES = 176;
    static final int SUB = 32;
    static final int SCALES_AT = 4;
    static final int QH_AT = 16;
    static final int QS_AT = 48;

    public Q5KMatrix {
        Matrix.checkSize(GgufType.Q5_K, data, rows, cols);
    }

    @Override
    public GgufType type() {
        return GgufType.Q5_K;
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

    /** As {@link Q4KMatrix#dotScalar}, with the fifth bit added to each level. */
    float dotScalar(int row, float[] x) {
        long base = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        float sum = 0;
        for (int col = 0; col < cols; col += BLOCK, base += BLOCK_BYTES) {
            float d = Float.float16ToFloat(data.get(Simd.SHORT, base));
            float dmin = Float.float16ToFloat(data.get(Simd.SHORT, base + 2));
            for (int s = 0; s < KScales.SUB_BLOCKS; s++) {
                long qs = base + QS_AT + (s / 2) * SUB;
                int shift = (s % 2) * 4, from = col + s * SUB;
                float qx = 0, xs = 0;
                for (int l = 0; l < SUB; l++) {
                    int q = (data.get(ValueLayout.JAVA_BYTE, qs + l) & 0xFF) >>> shift & 0x0F
                            | ((data.get(ValueLayout.JAVA_BYTE, base + QH_AT + l) >>> s) & 1) << 4;
                    qx += q * x[from + l];
                    xs += x[from + l];
                }
                sum += d * KScales.scale(data, base + SCALES_AT, s) * qx - dmin * KScales.min(data, base + SCALES_AT, s) * xs;
            }
        }
        return sum;
    }

    /**
     * As {@link Q4KMatrix}'s vector loop, per sub-block, with the fifth bit from {@code qh} shifted into
     * place; the scales and mins are unpacked once per super-block ({@link KScales#unpack}).
     */
    private float dotVector(int row, float[] x) {
        int lanes = Simd.FLOATS.length();
        long base = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        float[] scalesThenMins = new float[2 * KScales.SUB_BLOCKS];
        FloatVector sum = FloatVector.zero(Simd.FLOATS);
        for (int col = 0; col < cols; col += BLOCK, base += BLOCK_BYTES) {
            float d = Float.float16ToFloat(data.get(Simd.SHORT, base));
            float dmin = Float.float16ToFloat(data.get(Simd.SHORT, base + 2));
            KScales.unpack(data, base, scalesThenMins);
            for (int s = 0; s < KScales.SUB_BLOCKS; s++) {
                long qs = base + QS_AT + (s / 2) * SUB;
                int shift = (s % 2) * 4, from = col + s * SUB;
                FloatVector qx = FloatVector.zero(Simd.FLOATS), xs = qx;
                for (int l = 0; l < SUB; l += 2 * lanes) {
                    ByteVector low = ByteVector.fromMemorySegment(Simd.BYTES2, data, qs + l, Simd.ORDER)
                            .lanewise(VectorOperators.LSHR, shift).and((byte) 0x0F);
                    ByteVector fifth = ByteVector.fromMemorySegment(Simd.BYTES2, data, base + QH_AT + l, Simd.ORDER)
                            .lanewise(VectorOperators.LSHR, s).and((byte) 1).lanewise(VectorOperators.LSHL, 4);
                    ByteVector q = low.or(fifth);
                    for (int part = 0; part < 2; part++) {
                        FloatVector xv = FloatVector.fromArray(Simd.FLOATS, x, from + l + part * lanes);
                        qx = ((FloatVector) q.convertShape(VectorOperators.B2F, Simd.FLOATS, part)).fma(xv, qx);
                        xs = xs.add(xv);
                    }
                }
                sum = qx.fma(FloatVector.broadcast(Simd.FLOATS, d * scalesThenMins[s]), sum);
                sum = xs.fma(FloatVector.broadcast(Simd.FLOATS, -dmin * scalesThenMins[KScales.SUB_BLOCKS + s]), sum);
            }
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void row(int row, float[] out, int offset) {
        long base = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        for (int col = 0; col < cols; col += BLOCK, base += BLOCK_BYTES) {
            float d = Float.float16ToFloat(data.get(Simd.SHORT, base));
            float dmin = Float.float16ToFloat(data.get(Simd.SHORT, base + 2));
            for (int s = 0; s < KScales.SUB_BLOCKS; s++) {
                long qs = base + QS_AT + (s / 2) * SUB;
                int shift = (s % 2) * 4, from = offset + col + s * SUB;
                float scale = d * KScales.scale(data, base + SCALES_AT, s);
                float min = dmin * KScales.min(data, base + SCALES_AT, s);
                for (int l = 0; l < SUB; l++) {
                    int q = (data.get(ValueLayout.JAVA_BYTE, qs + l) & 0xFF) >>> shift & 0x0F
                            | ((data.get(ValueLayout.JAVA_BYTE, base + QH_AT + l) >>> s) & 1) << 4;
                    out[from + l] = scale * q - min;
                }
            }
        }
    }
}
