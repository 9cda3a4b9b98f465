package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufException;
import dev.course.engine.generate.gguf.GgufType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns float weights into the bytes of a GGUF tensor type. Each 32-weight block gets its own
 * scale so that one large weight does not wash out the precision of a whole row; the K-quants are
 * written by {@link KQuantizer}.
 */
public final class Quantizer {

    private Quantizer() {
    }

    /** The bytes of {@code values} in {@code type}'s layout, in off-heap memory of their own (as a file writer needs them). */
    public static MemorySegment encode(GgufType type, float[] values) {
        return encodeInto(type, values, Arena.ofAuto().allocate(type.bytesFor(values.length), 64));
    }

    /** Writes {@code values} in {@code type}'s layout into {@code out}, which holds exactly that many bytes. */
    public static MemorySegment encodeInto(GgufType type, float[] values, MemorySegment out) {
        if (out.byteSize() != type.bytesFor(values.length)) {
            throw new IllegalArgumentException(values.length + " values in " + type + " take " + type.bytesFor(values.length)
                    + " bytes, the destination has " + out.byteSize());
        }
        switch (type) {
            case F32 -> MemorySegment.copy(values, 0, out, Simd.FLOAT, 0, values.length);
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    out.set(Simd.SHORT, 2L * i, Float.floatToFloat16(values[i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < values.length; i++) {
                    out.set(Simd.SHORT, 2L * i, BF16Matrix.fromFloat(values[i]));
                }
            }
            case Q8_0 -> q8(values, out);
            case Q4_0 -> q4(values, out);
            case Q4_K -> KQuantizer.q4k(values, out);
            case Q5_K -> KQuantizer.q5k(values, out);
            case Q6_K -> KQuantizer.q6k(values, out);
            default -> throw new GgufException("cannot write tensors of type " + type);
        }
        return out;
    }

    /** Q8_0: scale = largest magnitude / 127, each weight rounded to the nearest multiple of the scale. */
    private static void q8(float[] values, MemorySegment out) {
        for (int b = 0; b < values.length / GgufType.QK; b++) {
            long block = (long) b * Q8Matrix.BLOCK_BYTES;
            float max = 0;
            for (int j = 0; j < GgufType.QK; j++) {
                max = Math.max(max, Math.abs(values[b * GgufType.QK + j]));
            }
            float scale = max / 127f;
            float inverse = scale == 0 ? 0 : 1 / scale;
            out.set(Simd.SHORT, block, Float.floatToFloat16(scale));
            for (int j = 0; j < GgufType.QK; j++) {
                float scaled = values[b * GgufType.QK + j] * inverse;          // rounded half away from zero, as ggml does
                out.set(ValueLayout.JAVA_BYTE, block + 2 + j, (byte) (Math.signum(scaled) * Math.round(Math.abs(scaled))));
            }
        }
    }

    /** Q4_0: the weight of largest magnitude maps to -8, the rest to the 16 levels between. */
    private static void q4(float[] values, MemorySegment out) {
        int half = GgufType.QK / 2;
        for (int b = 0; b < values.length / GgufType.QK; b++) {
            long block = (long) b * Q4Matrix.BLOCK_BYTES;
            float extreme = 0;
            for (int j = 0; j < GgufType.QK; j++) {
                float v = values[b * GgufType.QK + j];
                if (Math.abs(v) > Math.abs(extreme)) {
                    extreme = v;
                }
            }
            float scale = extreme / -8f;
            float inverse = scale == 0 ? 0 : 1 / scale;
            out.set(Simd.SHORT, block, Float.floatToFloat16(scale));
            for (int j = 0; j < half; j++) {
                int low = Math.min(15, (int) (values[b * GgufType.QK + j] * inverse + 8.5f));
                int high = Math.min(15, (int) (values[b * GgufType.QK + j + half] * inverse + 8.5f));
                out.set(ValueLayout.JAVA_BYTE, block + 2 + j, (byte) (low | high << 4));
            }
        }
    }
}
