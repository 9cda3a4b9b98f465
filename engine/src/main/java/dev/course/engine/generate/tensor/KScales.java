package dev.course.engine.generate.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The twelve bytes in which a {@link Q4KMatrix Q4_K} or {@link Q5KMatrix Q5_K} super-block keeps the
 * scale and the min of each of its eight sub-blocks, six bits each (8 x 2 x 6 = 96 bits = 12 bytes):
 *
 * <pre>
 *   byte    0   1   2   3 |  4   5   6   7 |  8   9  10  11
 *         ----------------+----------------+----------------------------------
 *   low 6  scale 0..3     |  min 0..3      |  low 4 bits: scale 4..7
 *   top 2  top of scale 4..7 | top of min 4..7 | high 4 bits: min 4..7
 * </pre>
 *
 * Sub-blocks 0 to 3 read their scale and min straight from the low six bits of bytes {@code j} and
 * {@code j + 4}. Sub-blocks 4 to 7 assemble theirs: four low bits from byte {@code j + 4} (scale in
 * its low nibble, min in its high one), two high bits from the spare top bits of bytes {@code j - 4}
 * (scale) and {@code j} (min). A real weight is then {@code d * scale * q - dmin * min}.
 */
final class KScales {

    /** Bytes of packed scales and mins per super-block. */
    static final int BYTES = 12;
    /** Sub-blocks per super-block. */
    static final int SUB_BLOCKS = 8;
    /** The largest six-bit value. */
    static final int MAX = 63;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private KScales() {
    }

    /** The six-bit scale of sub-block {@code j} (0 to 7), from the 12 bytes at {@code at}. */
    static int scale(MemorySegment data, long at, int j) {
        return j < 4 ? get(data, at + j) & 63
                : (get(data, at + j + 4) & 0x0F) | (get(data, at + j - 4) >>> 6) << 4;
    }

    /** The six-bit min of sub-block {@code j} (0 to 7), from the 12 bytes at {@code at}. */
    static int min(MemorySegment data, long at, int j) {
        return j < 4 ? get(data, at + j + 4) & 63
                : (get(data, at + j + 4) >>> 4) | (get(data, at + j) >>> 6) << 4;
    }

    /**
     * The eight scales and then the eight mins of the super-block at {@code block} (the twelve packed
     * bytes at {@code block + 4}), as floats: {@code out[j] = scale(j)}, {@code out[8 + j] = min(j)}.
     * The vector loops call this once per 256 weights, so it is written to be cheap rather than like
     * {@link #scale} and {@link #min}: the twelve bytes come in as one {@code long} and one {@code int},
     * all eight six-bit values of each kind are assembled at once with masks that work on four bytes
     * side by side (the table above, column by column), and the sixteen bytes widen to floats in one
     * or two vector conversions. Unpacked one by one (24 byte reads and sixteen int-to-float
     * conversions) it cost as much as the products of the super-block's 256 weights.
     */
    static void unpack(MemorySegment data, long block, float[] out) {
        long bytes0to7 = data.get(LONG, block + 4);
        long bytes8to11 = data.get(INT, block + 12) & 0xFFFF_FFFFL;
        long scales0to3 = bytes0to7 & 0x3F3F3F3FL;
        long scales4to7 = (bytes8to11 & 0x0F0F0F0FL) | ((bytes0to7 >>> 6) & 0x03030303L) << 4;
        long mins0to3 = (bytes0to7 >>> 32) & 0x3F3F3F3FL;
        long mins4to7 = ((bytes8to11 >>> 4) & 0x0F0F0F0FL) | ((bytes0to7 >>> 38) & 0x03030303L) << 4;
        ByteVector sixteen = LongVector.zero(LongVector.SPECIES_128)
                .withLane(0, scales0to3 | scales4to7 << 32)
                .withLane(1, mins0to3 | mins4to7 << 32)
                .reinterpretAsBytes();
        Simd.toFloats(sixteen, out);
    }

    /** Packs eight scales and eight mins (each 0 to 63) into the 12 bytes at {@code at}. */
    static void pack(int[] scales, int[] mins, MemorySegment data, long at) {
        byte[] packed = new byte[BYTES];
        for (int j = 0; j < SUB_BLOCKS; j++) {
            if (scales[j] < 0 || scales[j] > MAX || mins[j] < 0 || mins[j] > MAX) {
                throw new IllegalArgumentException("six-bit scales and mins run from 0 to 63, got " + scales[j] + " and " + mins[j]);
            }
            if (j < 4) {
                packed[j] |= (byte) scales[j];
                packed[j + 4] |= (byte) mins[j];
            } else {
                packed[j + 4] = (byte) ((scales[j] & 0x0F) | (mins[j] & 0x0F) << 4);
                packed[j - 4] |= (byte) ((scales[j] >>> 4) << 6);
                packed[j] |= (byte) ((mins[j] >>> 4) << 6);
            }
        }
        MemorySegment.copy(packed, 0, data, ValueLayout.JAVA_BYTE, at, BYTES);
    }

    private static int get(MemorySegment data, long at) {
        return data.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }
}
