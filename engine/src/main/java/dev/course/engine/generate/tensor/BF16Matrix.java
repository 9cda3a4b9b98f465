package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;

import java.lang.foreign.MemorySegment;

/**
 * bfloat16: the top half of a float32 (sign, the same eight exponent bits, seven mantissa bits), so
 * it covers float32's whole range with less precision; widening is a 16-bit shift. Models are often
 * published in it, as they were trained.
 */
public record BF16Matrix(MemorySegment data, int rows, int cols) implements Matrix {

    public BF16Matrix {
        Matrix.checkSize(GgufType.BF16, data, rows, cols);
    }

    @Override
    public GgufType type() {
        return GgufType.BF16;
    }

    /** The float whose top 16 bits are {@code bits}. */
    static float toFloat(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    /** {@code value}'s top 16 bits, rounded to the nearest (ties to even); NaN stays NaN. */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private float at(long index) {
        return toFloat(data.get(Simd.SHORT, index * 2));
    }

    @Override
    public float dot(int row, float[] x) {
        long base = (long) row * cols;
        float sum = 0;
        for (int i = 0; i < cols; i++) {
            sum += at(base + i) * x[i];
        }
        return sum;
    }

    @Override
    public void row(int row, float[] out, int offset) {
        long base = (long) row * cols;
        for (int i = 0; i < cols; i++) {
            out[offset + i] = at(base + i);
        }
    }
}
