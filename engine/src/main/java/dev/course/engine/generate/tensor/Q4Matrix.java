package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
    /** The lanes of a byte vector that hold one block's 16 packed bytes. */
    private static final VectorMask<Byte> PACKED = Simd.BYTES2 == null ? null : Simd.BYTES2.indexInRange(0, HALF);

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
     * Per block: load the 16 packed bytes once (masked when the vector is wider), split them into
     * low and high nibbles, widen each to floats, scale, and multiply-add with x.
     */
    private float dotVector(int row, float[] x) {
        int blocks = cols / BLOCK;
        int lanes = Simd.FLOATS.length();
        long base = (long) row * blocks * BLOCK_BYTES;
        FloatVector first = FloatVector.zero(Simd.FLOATS);
        FloatVector second = FloatVector.zero(Simd.FLOATS);
        for (int b = 0; b < blocks; b++) {
            long block = base + (long) b * BLOCK_BYTES;
            FloatVector scale = FloatVector.broadcast(Simd.FLOATS, Float.float16ToFloat(data.get(Simd.SHORT, block)));
            ByteVector packed = ByteVector.fromMemorySegment(Simd.BYTES2, data, block + 2, Simd.ORDER, PACKED);
            ByteVector low = packed.and((byte) 0x0F).sub((byte) 8);
            ByteVector high = packed.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8);
            for (int part = 0; part * lanes < HALF; part++) {
                var l = (FloatVector) low.convertShape(VectorOperators.B2F, Simd.FLOATS, part);
                var h = (FloatVector) high.convertShape(VectorOperators.B2F, Simd.FLOATS, part);
                first = l.mul(scale).fma(FloatVector.fromArray(Simd.FLOATS, x, b * BLOCK + part * lanes), first);
                second = h.mul(scale).fma(FloatVector.fromArray(Simd.FLOATS, x, b * BLOCK + HALF + part * lanes), second);
            }
        }
        return first.add(second).reduceLanes(VectorOperators.ADD);
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
