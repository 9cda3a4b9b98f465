package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_K, the bulk of a "Q4_K_M" file: super-blocks of 256 weights in 144 bytes (4.5 bits a weight).
 *
 * <pre>
 *   offset  0      2        4              16                                   144
 *           | d    | dmin   | scales, mins | qs: 128 bytes, two 4-bit q a byte  |
 *           | fp16 | fp16   | 8 x 6 bits each ({@link KScales})                  |
 *
 *   qs, in four runs of 32 bytes; run g holds two sub-blocks of 32 weights:
 *           byte 32g + l:  [ high nibble: weight l of sub-block 2g+1 | low nibble: weight l of sub-block 2g ]
 * </pre>
 *
 * A sub-block {@code s} has a six-bit scale {@code sc} and a six-bit min {@code m}; its weights are
 * {@code d * sc * q - dmin * m} for {@code q} from 0 to 15. The offset lets the 16 levels cover a
 * sub-block's range from its smallest weight rather than symmetrically around zero, and quantizing the
 * eight scales themselves (against the two fp16 numbers) costs 12 bytes instead of 32.
 */
public record Q4KMatrix(MemorySegment data, int rows, int cols) implements Matrix {

    static final int BLOCK = GgufType.QK_K;
    static final int BLOCK_BYTES = 144;
    static final int SUB = 32;
    static final int SCALES_AT = 4;
    static final int QS_AT = 16;

    public Q4KMatrix {
        Matrix.checkSize(GgufType.Q4_K, data, rows, cols);
    }

    @Override
    public GgufType type() {
        return GgufType.Q4_K;
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

    /**
     * Per sub-block, {@code sum(w * x) = d*sc * sum(q * x) - dmin*m * sum(x)}: the integer levels meet
     * x first, and the two scales are applied once per 32 weights.
     */
    float dotScalar(int row, float[] x) {
        long base = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        float sum = 0;
        for (int col = 0; col < cols; col += BLOCK, base += BLOCK_BYTES) {
            float d = Float.float16ToFloat(data.get(Simd.SHORT, base));
            float dmin = Float.float16ToFloat(data.get(Simd.SHORT, base + 2));
            for (int run = 0; run < 4; run++) {
                long qs = base + QS_AT + run * SUB;
                int low = col + run * 2 * SUB, high = low + SUB;
                float qxLow = 0, qxHigh = 0, xLow = 0, xHigh = 0;
                for (int l = 0; l < SUB; l++) {
                    int packed = data.get(ValueLayout.JAVA_BYTE, qs + l) & 0xFF;
                    qxLow += (packed & 0x0F) * x[low + l];
                    qxHigh += (packed >>> 4) * x[high + l];
                    xLow += x[low + l];
                    xHigh += x[high + l];
                }
                sum += d * KScales.scale(data, base + SCALES_AT, 2 * run) * qxLow
                        - dmin * KScales.min(data, base + SCALES_AT, 2 * run) * xLow;
                sum += d * KScales.scale(data, base + SCALES_AT, 2 * run + 1) * qxHigh
                        - dmin * KScales.min(data, base + SCALES_AT, 2 * run + 1) * xHigh;
            }
        }
        return sum;
    }

    /**
     * The scalar loop with vectors. The eight scales and mins are unpacked once per super-block
     * ({@link KScales#unpack}, with vector widening: unpacked byte by byte they made this product twice
     * as slow per weight as {@link Q4Matrix}'s, docs/measurements.md "Q4_K and Q6_K scales"). Each load of
     * {@code lanes} packed bytes (no more, so it widens straight into one float vector) gives
     * weights of two sub-blocks, its low and its high nibbles; per sub-block, {@code q * x} and
     * {@code x} are summed lane-wise and meet the sub-block's scale and min once, so the only
     * reduction across lanes is the last one.
     *
     * <p>This replaced a loop that loaded twice as many bytes, widened each half with
     * {@code convertShape(..., part)}, and unpacked the six-bit scales again for every sub-block:
     * measured in docs/measurements.md ("Q4_0, Q4_K and Q6_K products").
     */
    private float dotVector(int row, float[] x) {
        int lanes = Simd.FLOATS.length();
        long base = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        float[] scalesThenMins = new float[2 * KScales.SUB_BLOCKS];
        FloatVector sum = FloatVector.zero(Simd.FLOATS);
        for (int col = 0; col < cols; col += BLOCK, base += BLOCK_BYTES) {
            KScales.unpack(data, base, scalesThenMins);
            float d = Float.float16ToFloat(data.get(Simd.SHORT, base));
            float dmin = Float.float16ToFloat(data.get(Simd.SHORT, base + 2));
            for (int run = 0; run < 4; run++) {
                long qs = base + QS_AT + run * SUB;
                int low = col + run * 2 * SUB, high = low + SUB;
                FloatVector qxLow = FloatVector.zero(Simd.FLOATS), qxHigh = qxLow, xLow = qxLow, xHigh = qxLow;
                for (int l = 0; l < SUB; l += lanes) {
                    ByteVector packed = ByteVector.fromMemorySegment(Simd.BYTES, data, qs + l, Simd.ORDER);
                    FloatVector qLow = (FloatVector) packed.and((byte) 0x0F).castShape(Simd.FLOATS, 0);
                    FloatVector qHigh = (FloatVector) Simd.bits(packed, 4, 0x0F).castShape(Simd.FLOATS, 0);
                    FloatVector xl = FloatVector.fromArray(Simd.FLOATS, x, low + l);
                    FloatVector xh = FloatVector.fromArray(Simd.FLOATS, x, high + l);
                    qxLow = qLow.fma(xl, qxLow);
                    qxHigh = qHigh.fma(xh, qxHigh);
                    xLow = xLow.add(xl);
                    xHigh = xHigh.add(xh);
                }
                int lowSub = 2 * run, highSub = lowSub + 1, mins = KScales.SUB_BLOCKS;
                sum = qxLow.fma(FloatVector.broadcast(Simd.FLOATS, d * scalesThenMins[lowSub]), sum);
                sum = xLow.fma(FloatVector.broadcast(Simd.FLOATS, -dmin * scalesThenMins[mins + lowSub]), sum);
                sum = qxHigh.fma(FloatVector.broadcast(Simd.FLOATS, d * scalesThenMins[highSub]), sum);
                sum = xHigh.fma(FloatVector.broadcast(Simd.FLOATS, -dmin * scalesThenMins[mins + highSub]), sum);
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
            for (int run = 0; run < 4; run++) {
                long qs = base + QS_AT + run * SUB;
                int low = offset + col + run * 2 * SUB, high = low + SUB;
                float scaleLow = d * KScales.scale(data, base + SCALES_AT, 2 * run);
                float minLow = dmin * KScales.min(data, base + SCALES_AT, 2 * run);
                float scaleHigh = d * KScales.scale(data, base + SCALES_AT, 2 * run + 1);
                float minHigh = dmin * KScales.min(data, base + SCALES_AT, 2 * run + 1);
                for (int l = 0; l < SUB; l++) {
                    int packed = data.get(ValueLayout.JAVA_BYTE, qs + l) & 0xFF;
                    out[low + l] = scaleLow * (packed & 0x0F) - minLow;
                    out[high + l] = scaleHigh * (packed >>> 4) - minHigh;
                }
            }
        }
    }
}
