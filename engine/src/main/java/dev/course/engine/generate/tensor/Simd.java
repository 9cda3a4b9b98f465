package dev.course.engine.generate.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The vector shapes the hot loops use. {@link #FLOATS} is the widest the CPU offers (8 floats with
 * AVX2, 16 with AVX-512); {@link #BYTES2} holds twice as many bytes as that holds floats, so one
 * load of quantized bytes widens into two float vectors. Where no such pair exists, the loops fall back to scalar code.
 */
final class Simd {

    static final VectorSpecies<Float> FLOATS = Integer.getInteger("course.generate.vectorBits", 0) == 256
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    /** Twice as many bytes as {@link #FLOATS} holds floats: one load widens into two float vectors. */
    static final VectorSpecies<Byte> BYTES2 = switch (FLOATS.length()) {
        case 8 -> ByteVector.SPECIES_128;
        case 16 -> ByteVector.SPECIES_256;
        default -> null;
    };
    /** As many bytes as {@link #FLOATS} holds floats: one load widens into exactly one float vector. */
    static final VectorSpecies<Byte> BYTES = switch (FLOATS.length()) {
        case 8 -> ByteVector.SPECIES_64;
        case 16 -> ByteVector.SPECIES_128;
        default -> null;
    };
    /** Whether the quantized loops can use vectors (needs 8 or 16 float lanes). */
    static final boolean QUANTIZED_VECTORS = BYTES2 != null && Boolean.parseBoolean(
            System.getProperty("course.generate.vectors", "true"));
    static final boolean FLOAT_VECTORS = Boolean.parseBoolean(System.getProperty("course.generate.vectors", "true"));

    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * {@code (b >>> shift) & mask} in every byte {@code b} of {@code bytes}, shifted as 16-bit lanes: x86
     * has no shift of single bytes (the JIT widens them to 16 bits, shifts and narrows back), and the
     * mask drops the bits a 16-bit shift carries over from the neighbouring byte, as long as it keeps
     * no more than the {@code 8 - shift} bits that stay in the byte.
     */
    static ByteVector bits(ByteVector bytes, int shift, int mask) {
        return bytes.reinterpretAsShorts().lanewise(VectorOperators.LSHR, shift).reinterpretAsBytes().and((byte) mask);
    }

    /**
     * {@code b << shift} in every byte {@code b} of {@code bytes}, shifted as 16-bit lanes (see
     * {@link #bits}); only for bytes whose top {@code shift} bits are zero, so nothing crosses into the
     * neighbouring byte.
     */
    static ByteVector shiftLeft(ByteVector bytes, int shift) {
        return bytes.reinterpretAsShorts().lanewise(VectorOperators.LSHL, shift).reinterpretAsBytes();
    }

    /**
     * The sixteen bytes of {@code sixteen} (a 128-bit vector) as floats in {@code out[0 .. 16)}: one
     * widening conversion with 16 float lanes, two with 8. For the scales a K-quant super-block keeps
     * as bytes, which the products then read one at a time.
     */
    static void toFloats(ByteVector sixteen, float[] out) {
        for (int part = 0; part * FLOATS.length() < 16; part++) {
            ((FloatVector) sixteen.castShape(FLOATS, part)).intoArray(out, part * FLOATS.length());
        }
    }

    private Simd() {
    }
}
