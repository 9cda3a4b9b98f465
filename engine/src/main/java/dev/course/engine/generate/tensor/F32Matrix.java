package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

/** Plain 32-bit floats: four bytes per weight, nothing to decode. */
public record F32Matrix(MemorySegment data, int rows, int cols) implements Matrix {

    public F32Matrix {
        Matrix.checkSize(GgufType.F32, data, rows, cols);
    }

    @Override
    public GgufType type() {
        return GgufType.F32;
    }

    @Override
    public float dot(int row, float[] x) {
        long base = (long) row * cols * Float.BYTES;
        int i = 0;
        float sum = 0;
        if (Simd.FLOAT_VECTORS) {
            int lanes = Simd.FLOATS.length();
            FloatVector acc = FloatVector.zero(Simd.FLOATS);
            for (int upper = Simd.FLOATS.loopBound(cols); i < upper; i += lanes) {
                FloatVector w = FloatVector.fromMemorySegment(Simd.FLOATS, data, base + (long) i * Float.BYTES, Simd.ORDER);
                acc = w.fma(FloatVector.fromArray(Simd.FLOATS, x, i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < cols; i++) {
            sum += data.get(Simd.FLOAT, base + (long) i * Float.BYTES) * x[i];
        }
        return sum;
    }

    @Override
    public void row(int row, float[] out, int offset) {
        MemorySegment.copy(data, Simd.FLOAT, (long) row * cols * Float.BYTES, out, offset, cols);
    }
}
