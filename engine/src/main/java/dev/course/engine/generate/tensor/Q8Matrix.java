package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q8_0: blocks of 32 weights, each a half-precision scale {@code d} followed by 32 signed bytes
 * {@code q}; the weight is {@code d * q}. 34 bytes for 32 weights, about a quarter of F32.
 */
public record Q8Matrix(MemorySegment data, int rows, int cols) implements Matrix {

    static final int BLOCK = GgufType.QK;
    static final int BLOCK_BYTES = 34;

    public Q8Matrix {
        Matrix.checkSize(GgufType.Q8_0, data, rows, cols);
    }

    @Override
    public GgufType type() {
        return GgufType.Q8_0;
    }

    @Override
    public long bytes() {
        return data.byteSize();
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
            for (int j = 0; j < BLOCK; j++) {
                blockSum += data.get(ValueLayout.JAVA_BYTE, block + 2 + j) * x[b * BLOCK + j];
            }
            sum += scale * blockSum;
        }
        return sum;
    }

    /**
     * Per block: widen the bytes to floats a vector at a time, multiply by x, and add the block's sum
     * into one of two running totals, scaled. Two totals (even and odd blocks) let consecutive blocks
     * overlap in the CPU instead of waiting for each other's additions.
     */
    private float dotVector(int row, float[] x) {
        if (Simd.FLOATS.length() == 16) {
            return dot512(row, x);
        }
        int blocks = cols / BLOCK;
        int lanes = Simd.FLOATS.length();
        long base = (long) row * blocks * BLOCK_BYTES;
        FloatVector even = FloatVector.zero(Simd.FLOATS);
        FloatVector odd = FloatVector.zero(Simd.FLOATS);
        for (int b = 0; b < blocks; b++) {
            long block = base + (long) b * BLOCK_BYTES;
            FloatVector scale = FloatVector.broadcast(Simd.FLOATS, Float.float16ToFloat(data.get(Simd.SHORT, block)));
            FloatVector sum = widen(block + 2).mul(FloatVector.fromArray(Simd.FLOATS, x, b * BLOCK));
            for (int j = lanes; j < BLOCK; j += lanes) {
                sum = widen(block + 2 + j).fma(FloatVector.fromArray(Simd.FLOATS, x, b * BLOCK + j), sum);
            }
            if ((b & 1) == 0) {
                even = sum.fma(scale, even);
            } else {
                odd = sum.fma(scale, odd);
            }
        }
        return even.add(odd).reduceLanes(VectorOperators.ADD);
    }

    /** The same with 16-float vectors: one 32-byte load per block, widened in two halves. */
    private float dot512(int row, float[] x) {
        int blocks = cols / BLOCK;
        long base = (long) row * blocks * BLOCK_BYTES;
        FloatVector even = FloatVector.zero(FloatVector.SPECIES_512);
        FloatVector odd = FloatVector.zero(FloatVector.SPECIES_512);
        for (int b = 0; b < blocks; b++) {
            long block = base + (long) b * BLOCK_BYTES;
            float scale = Float.float16ToFloat(data.get(Simd.SHORT, block));
            ByteVector q = ByteVector.fromMemorySegment(ByteVector.SPECIES_256, data, block + 2, Simd.ORDER);
            var low = (FloatVector) q.castShape(FloatVector.SPECIES_512, 0);
            var high = (FloatVector) q.castShape(FloatVector.SPECIES_512, 1);
            FloatVector sum = low.mul(FloatVector.fromArray(FloatVector.SPECIES_512, x, b * BLOCK))
                    .add(high.mul(FloatVector.fromArray(FloatVector.SPECIES_512, x, b * BLOCK + 16)));
            if ((b & 1) == 0) {
                even = sum.fma(FloatVector.broadcast(FloatVector.SPECIES_512, scale), even);
            } else {
                odd = sum.fma(FloatVector.broadcast(FloatVector.SPECIES_512, scale), odd);
            }
        }
        return even.add(odd).reduceLanes(VectorOperators.ADD);
    }

    /** The signed bytes at {@code offset} as a vector of floats. */
    private FloatVector widen(long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(Simd.BYTES, data, offset, Simd.ORDER)
                .convertShape(VectorOperators.B2F, Simd.FLOATS, 0);
    }

    @Override
    public void row(int row, float[] out, int offset) {
        int blocks = cols / BLOCK;
        long base = (long) row * blocks * BLOCK_BYTES;
        for (int b = 0; b < blocks; b++) {
            long block = base + (long) b * BLOCK_BYTES;
            float scale = Float.float16ToFloat(data.get(Simd.SHORT, block));
            for (int j = 0; j < BLOCK; j++) {
                out[offset + b * BLOCK + j] = scale * data.get(ValueLayout.JAVA_BYTE, block + 2 + j);
            }
        }
    }
}
