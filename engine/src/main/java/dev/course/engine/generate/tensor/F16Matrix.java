package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;

import java.lang.foreign.MemorySegment;

/** IEEE half-precision floats: two bytes per weight, widened to float as they are read. */
public record F16Matrix(MemorySegment data, int rows, int cols) implements Matrix {

    public F16Matrix {
        Matrix.checkSize(GgufType.F16, data, rows, cols);
    }

    @Override
    public GgufType type() {
        return GgufType.F16;
    }

    private float at(long index) {
        return Float.float16ToFloat(data.get(Simd.SHORT, index * 2));
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
