package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_0: blocks of 32 weights, each a half-precision scale {@code d} followed by 16 bytes. Byte
 * {@code j} holds weight {@code j} in its low four bits and weight {@code j + 16} in its high four
 * bits, both stored as {@code q + 8}; the weight is {@code d * (nibble - 8)}. 18 bytes for 32 weights.
 */
public record Q4Matrix(MemorySegment data, int rows, int cols) implements Matrix {

    static final int BLOCK = GgufType.QK;
    static final int BLOCK_BYTES = 18;
    private static final int HALF = BLOCK / 2;

    public Q4Matrix {
        Matrix.checkSize(GgufType.Q4_0, data, rows, cols);
    }

    @Override
    public GgufType type() {
        return GgufType.Q4_0;
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

    float dotScalar(int row, float[] x) {
        int blocks = cols / BLOCK;
        long base = (long) row * blocks * BLOCK_BYTES;
        float sum = 0;
        for (int b = 0; b < blocks; b++) {
            long block = base + (long) b * BLOCK_BYTES;
            float scale = Float.float16ToFloat(data.get(Simd.SHORT, block));
            float blockSum = 0;
            for (int j = 0; j < HALF; j++) {
                int packed = data.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xFF;
                blockSum += ((packed & 0x0F) - 8) * x[b * BLOCK + j];
                blockSum += ((packed >>> 4) - 8) * x[b * BLOCK + j + HALF];
            }
            sum += scale * blockSum;
        }
        return sum;
    }

    /**
     * Per block, as {@link Q8Matrix} does: each load of {@code lanes} packed bytes (no more, so the
     * load never needs a mask and widens straight into one float vector) gives the low nibbles of
     * weights {@code j ..} and the high nibbles of weights {@code j + 16 ..}; their products with x
     * make the block's sum, which meets the block's scale once, not once per weight.
     *
     * <p>This replaced a loop that loaded twice as many bytes under a mask, split them, widened each
     * half with {@code convertShape(..., part)} and multiplied every weight by the scale. Generation
     * of the Q4_K_M mix (mostly Q4_0 at width 576) measured faster with this one, in an A/B on a busy
     * machine: docs/measurements.md ("Q4_0, Q4_K and Q6_K products").
     */
    private float dotVector(int row, float[] x) {
        int blocks = cols / BLOCK;
        int lanes = Simd.FLOATS.length();
        long block = (long) row * blocks * BLOCK_BYTES;
        FloatVector sum = FloatVector.zero(Simd.FLOATS);
        for (int col = 0; col < cols; col += BLOCK, block += BLOCK_BYTES) {
            FloatVector blockSum = FloatVector.zero(Simd.FLOATS);
            for (int j = 0; j < HALF; j += lanes) {
                ByteVector packed = ByteVector.fromMemorySegment(Simd.BYTES, data, block + 2 + j, Simd.ORDER);
                FloatVector low = (FloatVector) packed.and((byte) 0x0F).sub((byte) 8).castShape(Simd.FLOATS, 0);
                FloatVector high = (FloatVector) Simd.bits(packed, 4, 0x0F).sub((byte) 8).castShape(Simd.FLOATS, 0);
                blockSum = low.fma(FloatVector.fromArray(Simd.FLOATS, x, col + j), blockSum);
                blockSum = high.fma(FloatVector.fromArray(Simd.FLOATS, x, col + HALF + j), blockSum);
            }
            sum = blockSum.fma(FloatVector.broadcast(Simd.FLOATS, Float.float16ToFloat(data.get(Simd.SHORT, block))), sum);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void row(int row, float[] out, int offset) {
        int blocks = cols / BLOCK;
        long base = (long) row * blocks * BLOCK_BYTES;
        for (int b = 0; b < blocks; b++) {
            long block = base + (long) b * BLOCK_BYTES;
            float scale = Float.float16ToFloat(data.get(Simd.SHORT, block));
            for (int j = 0; j < HALF; j++) {
                int packed = data.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xFF;
                out[offset + b * BLOCK + j] = scale * ((packed & 0x0F) - 8);
                out[offset + b * BLOCK + j + HALF] = scale * ((packed >>> 4) - 8);
            }
        }
    }
}
