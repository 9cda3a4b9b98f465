package dev.course.engine.generate.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor's entry in a GGUF file: its name, shape, type and where its bytes start.
 *
 * <p>GGUF lists dimensions innermost first, as ggml does: a weight matrix that maps {@code in}
 * numbers to {@code out} numbers has {@code shape = [in, out]}, so one row of {@code in} weights is
 * contiguous.
 *
 * @param name   for example {@code blk.0.attn_q.weight}
 * @param shape  dimensions, innermost first
 * @param type   the element type
 * @param offset byte offset from the start of the data section
 */
public record GgufTensorInfo(String name, long[] shape, GgufType type, long offset) {

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = shape.clone();
        if (shape.length == 0 || shape.length > 4) {
            throw new GgufException("tensor " + name + " has " + shape.length + " dimensions; GGUF allows 1 to 4");
        }
        if (offset < 0) {
            throw new GgufException("tensor " + name + " has a negative offset");
        }
    }

    /** Number of elements. */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Number of bytes in the file. */
    public long bytes() {
        return type.bytesFor(elements());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape);
    }
}
