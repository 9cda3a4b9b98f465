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
        if (!Simd.QUANTIZED_VECTORS) {
            return dotScalar(row, x);
        }
        return Simd.FLOATS.length() == 16 ? dot16Lanes(row, x) : dotAnyLanes(row, x);
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
            for (int j = 0; j < BLOCK; j++) {
                blockSum += data.get(ValueLayout.JAVA_BYTE, block + 2 + j) * x[b * BLOCK + j];
            }
            sum += scale * blockSum;
        }
        return sum;
    }

    /**
     * The scalar loop with vectors, for 16 float lanes (AVX-512): a block's 32 bytes widen into two
     * float vectors, whose products with x make the block sum; the block sum times the block's scale
     * goes into the total — one multiplication by the scale per block, as in {@link #dotScalar}, not
     * per weight.
     *
     * <p>The block is written out vector by vector rather than as a loop over its vectors: with the
     * inner loop the JIT kept more bookkeeping per block, and generation measured 5-8% slower
     * ({@code ./course bench generate}, SmolLM2-135M shape in Q8_0).
     */
    private float dot16Lanes(int row, float[] x) {
        long block = (long) row * (cols / BLOCK) * BLOCK_BYTES;
        FloatVector sum = FloatVector.zero(Simd.FLOATS);
        for (int col = 0; col < cols; col += BLOCK, block += BLOCK_BYTES) {
            FloatVector blockSum = weights(block, 0).mul(FloatVector.fromArray(Simd.FLOATS, x, col));
            blockSum = weights(block, 16).fma(FloatVector.fromArray(Simd.FLOATS, x, col + 16), blockSum);
            sum = blockSum.fma(FloatVector.broadcast(Simd.FLOATS, scale(block)), sum);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /**
     * The scalar loop with vectors, for any other vector width (8 lanes with AVX2): per block, widen
     * its bytes to floats one vector at a time and sum their products with x into a block sum, then
     * add the block sum times the block's scale to the total. (Written out like
     * {@link #dot16Lanes}, four vectors per block, this measured half as fast with 8 lanes.)
     */
    private float dotAnyLanes(int row, float[] x) {
        int blocks = cols / BLOCK;
        int lanes = Simd.FLOATS.length();
        long base = (long) row * blocks * BLOCK_BYTES;
        FloatVector sum = FloatVector.zero(Simd.FLOATS);
        for (int b = 0; b < blocks; b++) {
            long block = base + (long) b * BLOCK_BYTES;
            FloatVector blockSum = FloatVector.zero(Simd.FLOATS);
            for (int j = 0; j < BLOCK; j += lanes) {
                blockSum = weights(block, j).fma(FloatVector.fromArray(Simd.FLOATS, x, b * BLOCK + j), blockSum);
            }
            sum = blockSum.fma(FloatVector.broadcast(Simd.FLOATS, scale(block)), sum);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /** The block's weights {@code q[from ..]}, one vector of them, widened from bytes to floats. */
    private FloatVector weights(long block, int from) {
        return (FloatVector) ByteVector.fromMemorySegment(Simd.BYTES, data, block + 2 + from, Simd.ORDER).castShape(Simd.FLOATS, 0);
    }

    private float scale(long block) {
        return Float.float16ToFloat(data.get(Simd.SHORT, block));
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
