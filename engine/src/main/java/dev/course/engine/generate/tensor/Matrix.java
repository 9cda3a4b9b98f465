package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufException;
import dev.course.engine.generate.gguf.GgufType;

import java.lang.foreign.MemorySegment;

/**
 * A weight matrix of {@code rows} x {@code cols} numbers, stored row by row in one of the formats a
 * GGUF file uses. Almost all of a transformer's time goes into {@link #matmul}: one dot product of
 * the input vector with every row. Quantized formats decode their numbers inside that dot product,
 * so a Q8_0 model reads a quarter of the bytes an F32 model reads, and generation is mostly limited
 * by how fast memory delivers those bytes.
 */
public sealed interface Matrix permits F32Matrix, F16Matrix, BF16Matrix, Q8Matrix, Q4Matrix, Q4KMatrix, Q5KMatrix, Q6KMatrix {

    int rows();

    int cols();

    GgufType type();

    /** The weights as stored in the file (usually memory-mapped from it), in {@link #type()}'s layout. */
    MemorySegment data();

    /** The bytes this matrix occupies (what one full matmul reads). */
    default long bytes() {
        return data().byteSize();
    }

    /** The dot product of row {@code row} with {@code x[0 .. cols)}. */
    float dot(int row, float[] x);

    /** Decodes row {@code row} into {@code out[offset .. offset + cols)}. */
    void row(int row, float[] out, int offset);

    /** {@code out[r] = row r · x} for every row, rows shared across the cores. */
    default void matmul(float[] x, float[] out) {
        if (x.length < cols() || out.length < rows()) {
            throw new IllegalArgumentException("matmul of a " + rows() + "x" + cols() + " matrix needs x of "
                    + cols() + " and out of " + rows() + ", got " + x.length + " and " + out.length);
        }
        Parallel.forRange(rows(), (from, to) -> dotRows(from, to, x, out));
    }

    /**
     * {@code out[r] = row r · x} for the rows {@code [from, to)}: the loop one thread's share of a
     * product runs. The quantized formats repeat this loop in their own class, word for word, so that
     * there the call to {@link #dot} has one known receiver and the JIT inlines it. Here, in code every
     * format shares, the call sees all the formats a model mixes (four in a Q4_K_M file) and stays a
     * virtual call per row of a few hundred weights ({@code -XX:+PrintInlining}: "failed to inline:
     * virtual call"; docs/measurements.md, "Decode kernels on an AVX-512 EPYC").
     */
    default void dotRows(int from, int to, float[] x, float[] out) {
        for (int r = from; r < to; r++) {
            out[r] = dot(r, x);
        }
    }

    /**
     * {@code outs[i] = this · xs[i]} for {@code i < n}: the product with several inputs at once, as
     * when a whole prompt goes through the model. Each row is decoded once for all the inputs, and
     * the product is tiled so that every number loaded is used many times: see {@link BatchedProduct},
     * which does it. Per input this is many times faster than {@code n} separate {@link #matmul}s.
     */
    default void matmulMany(float[][] xs, float[][] outs, int n) {
        BatchedProduct.multiply(this, xs, outs, n);
    }

    /**
     * Several matrices applied to the same input in one parallel pass ({@code outs[i] = matrices[i] · x}),
     * as for the query, key and value projections: one hand-over to the cores instead of three.
     */
    static void matmulAll(float[] x, Matrix[] matrices, float[][] outs) {
        int[] starts = new int[matrices.length + 1];
        for (int i = 0; i < matrices.length; i++) {
            starts[i + 1] = starts[i] + matrices[i].rows();
        }
        Parallel.forRange(starts[matrices.length], (from, to) -> {
            for (int m = 0; m < matrices.length; m++) {            // the part of [from, to) in matrix m
                int first = Math.max(from, starts[m]), end = Math.min(to, starts[m + 1]);
                if (first < end) {
                    matrices[m].dotRows(first - starts[m], end - starts[m], x, outs[m]);
                }
            }
        });
    }

    /** All numbers as a row-major float array (tests, lessons, training). */
    default float[] toFloats() {
        float[] all = new float[rows() * cols()];
        for (int r = 0; r < rows(); r++) {
            row(r, all, r * cols());
        }
        return all;
    }

    /** A matrix over {@code data} laid out in {@code type}'s format. */
    static Matrix of(GgufType type, MemorySegment data, int rows, int cols) {
        return switch (type) {
            case F32 -> new F32Matrix(data, rows, cols);
            case F16 -> new F16Matrix(data, rows, cols);
            case Q8_0 -> new Q8Matrix(data, rows, cols);
            case BF16 -> new BF16Matrix(data, rows, cols);
            case Q4_0 -> new Q4Matrix(data, rows, cols);
            case Q4_K -> new Q4KMatrix(data, rows, cols);
            case Q5_K -> new Q5KMatrix(data, rows, cols);
            case Q6_K -> new Q6KMatrix(data, rows, cols);
            default -> throw new GgufException("tensor type " + type + " is not supported; this engine computes with "
                    + GgufType.SUPPORTED + " (re-quantize the model, for example with llama-quantize ... Q4_K_M)");
        };
    }

    /**
     * Copies {@code values} (row-major) into a new matrix of the given type, quantizing if needed, in
     * {@link WeightMemory} where products read it fastest.
     */
    static Matrix from(GgufType type, float[] values, int rows, int cols) {
        MemorySegment data = WeightMemory.allocate(type.bytesFor(values.length));
        return of(type, Quantizer.encodeInto(type, values, data), rows, cols);
    }

    /** Checks that {@code data} has exactly the bytes a {@code rows x cols} matrix of {@code type} needs. */
    static void checkSize(GgufType type, MemorySegment data, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("a matrix needs positive dimensions, got " + rows + "x" + cols);
        }
        long expected = type.bytesFor((long) rows * cols);
        if (cols % type.blockSize() != 0) {
            throw new GgufException(type + " rows must be a multiple of " + type.blockSize() + " long, got " + cols);
        }
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " " + type + " matrix takes " + expected
                    + " bytes, got " + data.byteSize());
        }
    }
}
