package dev.course.engine.generate.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

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
     * The super-block at {@code block} ({@code d} and {@code dmin} as fp16 at bytes 0 and 2, the twelve
     * packed bytes at 4): {@code scales[j] = d * scale(j)} and {@code mins[j] = dmin * min(j)} for its
     * eight sub-blocks, unpacked once for the whole super-block rather than once per use.
     */
    static void unpack(MemorySegment data, long block, float[] scales, float[] mins) {
        float d = Float.float16ToFloat(data.get(Simd.SHORT, block));
        float dmin = Float.float16ToFloat(data.get(Simd.SHORT, block + 2));
        long at = block + 4;
        for (int j = 0; j < SUB_BLOCKS; j++) {
            scales[j] = d * scale(data, at, j);
            mins[j] = dmin * min(data, at, j);
        }
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
