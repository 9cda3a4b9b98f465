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
     * Per block: load the bytes, widen them to floats two vectors at a time, scale them, and
     * multiply-add them with x into two running sums (two, so consecutive additions need not wait
     * for each other).
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
            for (int j = 0; j < BLOCK; j += 2 * lanes) {
                ByteVector q = ByteVector.fromMemorySegment(Simd.BYTES2, data, block + 2 + j, Simd.ORDER);
                var low = (FloatVector) q.convertShape(VectorOperators.B2F, Simd.FLOATS, 0);
                var high = (FloatVector) q.convertShape(VectorOperators.B2F, Simd.FLOATS, 1);
                first = low.mul(scale).fma(FloatVector.fromArray(Simd.FLOATS, x, b * BLOCK + j), first);
                second = high.mul(scale).fma(FloatVector.fromArray(Simd.FLOATS, x, b * BLOCK + j + lanes), second);
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
            for (int j = 0; j < BLOCK; j++) {
                out[offset + b * BLOCK + j] = scale * data.get(ValueLayout.JAVA_BYTE, block + 2 + j);
            }
        }
    }
}
