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
     * The scalar loop with vectors: per block, widen its bytes to floats one vector at a time, sum
     * their products with x into a block sum, and add the block sum times the block's scale to the
     * total — one multiplication by the scale per block, as in {@link #dotScalar}, not per weight.
     */
    private float dotVector(int row, float[] x) {
        int blocks = cols / BLOCK;
        int lanes = Simd.FLOATS.length();
        long base = (long) row * blocks * BLOCK_BYTES;
        FloatVector sum = FloatVector.zero(Simd.FLOATS);
        for (int b = 0; b < blocks; b++) {
            long block = base + (long) b * BLOCK_BYTES;
            FloatVector blockSum = FloatVector.zero(Simd.FLOATS);
            for (int j = 0; j < BLOCK; j += lanes) {
                ByteVector q = ByteVector.fromMemorySegment(Simd.BYTES, data, block + 2 + j, Simd.ORDER);
                var weights = (FloatVector) q.castShape(Simd.FLOATS, 0);
                blockSum = weights.fma(FloatVector.fromArray(Simd.FLOATS, x, b * BLOCK + j), blockSum);
            }
            float scale = Float.float16ToFloat(data.get(Simd.SHORT, block));
            sum = blockSum.fma(FloatVector.broadcast(Simd.FLOATS, scale), sum);
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
            for (int j = 0; j < BLOCK; j++) {
                out[offset + b * BLOCK + j] = scale * data.get(ValueLayout.JAVA_BYTE, block + 2 + j);
            }
        }
    }
}
