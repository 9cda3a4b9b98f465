package dev.course.engine.generate.tensor;

import dev.course.engine.generate.gguf.GgufType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The K-quants and bfloat16: blocks built by hand from the layouts in their Javadoc decode to the
 * numbers worked out by hand; the engine's writers round-trip random rows with the error each format
 * allows; and every product (vector and plain loop) equals the product with the decoded numbers.
 */
class KQuantsTest {

    private static final short ONE = Float.floatToFloat16(1f);
    private static final short HALF = Float.floatToFloat16(0.5f);

    private static MemorySegment bytes(int n) {
        return Arena.ofAuto().allocate(n);
    }

    private static void put(MemorySegment block, int at, int... values) {
        for (int i = 0; i < values.length; i++) {
            block.set(ValueLayout.JAVA_BYTE, at + i, (byte) values[i]);
        }
    }

    private static void fill(MemorySegment block, int from, int count, int value) {
        for (int i = 0; i < count; i++) {
            block.set(ValueLayout.JAVA_BYTE, from + i, (byte) value);
        }
    }

    @Test
    void sixBitScalesAndMinsUnpackAsWorkedOutByHand() {
        MemorySegment packed = bytes(12);
        put(packed, 0, 1, 2, 3, 0xC4, 5, 6, 7, 0x48, 0x21, 0x43, 0x65, 0x87);
        int[] scales = {1, 2, 3, 4, 1, 3, 5, 55};      // 55 = 0x87's low nibble 7 | top bits of 0xC4 (3) << 4
        int[] mins = {5, 6, 7, 8, 2, 4, 6, 24};        // 24 = 0x87's high nibble 8 | top bits of 0x48 (1) << 4
        for (int j = 0; j < 8; j++) {
            assertEquals(scales[j], KScales.scale(packed, 0, j), "scale " + j);
            assertEquals(mins[j], KScales.min(packed, 0, j), "min " + j);
        }
        MemorySegment repacked = bytes(12);
        KScales.pack(scales, mins, repacked, 0);
        assertEquals(packed.mismatch(repacked), -1L, "pack is the inverse of unpack");
    }

    @Test
    void sixBitScalesRoundTripEveryValue() {
        MemorySegment packed = bytes(12);
        for (int v = 0; v < 64; v++) {
            int[] scales = new int[8], mins = new int[8];
            for (int j = 0; j < 8; j++) {
                scales[j] = (v + 7 * j) % 64;
                mins[j] = (v + 13 * j + 5) % 64;
            }
            KScales.pack(scales, mins, packed, 0);
            for (int j = 0; j < 8; j++) {
                assertEquals(scales[j], KScales.scale(packed, 0, j));
                assertEquals(mins[j], KScales.min(packed, 0, j));
            }
        }
    }

    @Test
    void unpackingAllSixteenAtOnceAgreesWithOneByOne() {
        var random = new Random(11);
        MemorySegment block = bytes(4 + KScales.BYTES);             // d and dmin (unused here), then the packed bytes
        float[] unpacked = new float[2 * KScales.SUB_BLOCKS];
        for (int trial = 0; trial < 1000; trial++) {
            for (int i = 0; i < KScales.BYTES; i++) {
                block.set(ValueLayout.JAVA_BYTE, 4 + i, (byte) random.nextInt(256));   // every bit pattern is a valid packing
            }
            KScales.unpack(block, 0, unpacked);
            for (int j = 0; j < KScales.SUB_BLOCKS; j++) {
                assertEquals(KScales.scale(block, 4, j), unpacked[j], "scale " + j + " of trial " + trial);
                assertEquals(KScales.min(block, 4, j), unpacked[KScales.SUB_BLOCKS + j], "min " + j + " of trial " + trial);
            }
        }
    }

    @Test
    void q4kBlockDecodesToScaleTimesLevelMinusMin() {
        MemorySegment block = bytes(144);
        block.set(Simd.SHORT, 0, ONE);                              // d = 1
        block.set(Simd.SHORT, 2, HALF);                             // dmin = 0.5
        put(block, 4, 1, 2, 3, 0xC4, 5, 6, 7, 0x48, 0x21, 0x43, 0x65, 0x87);
        for (int run = 0; run < 4; run++) {
            for (int l = 0; l < 32; l++) {
                put(block, 16 + run * 32 + l, (l % 16) | ((15 - l % 16) << 4));
            }
        }
        float[] w = new Q4KMatrix(block, 1, 256).toFloats();
        assertEquals(1 * 0 - 0.5f * 5, w[0]);                       // sub-block 0: scale 1, min 5, level 0
        assertEquals(1 * 3 - 0.5f * 5, w[3]);
        assertEquals(2 * 15 - 0.5f * 6, w[32]);                     // sub-block 1 (high nibbles): scale 2, min 6, level 15
        assertEquals(4 * 9 - 0.5f * 8, w[3 * 32 + 6]);              // sub-block 3: high nibble of byte 32 + 6 is 9
        assertEquals(55 * 2 - 0.5f * 24, w[7 * 32 + 13]);           // sub-block 7: scale 55, min 24, level 15 - 13
        assertEquals(5 * 4 - 0.5f * 6, w[6 * 32 + 4]);
    }

    @Test
    void q5kBlockAddsTheFifthBitFromQh() {
        MemorySegment block = bytes(176);
        block.set(Simd.SHORT, 0, ONE);                              // d = 1, dmin = 0
        put(block, 4, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1);        // every scale 1, every min 0
        fill(block, 16, 32, 0xA5);                                  // qh: bits 0, 2, 5, 7 set
        fill(block, 48, 128, 0x53);                                 // low nibble 3, high nibble 5
        float[] w = new Q5KMatrix(block, 1, 256).toFloats();
        float[] perSubBlock = {19, 5, 19, 5, 3, 21, 3, 21};         // 3 or 5, plus 16 where bit s of qh is set
        for (int s = 0; s < 8; s++) {
            for (int l = 0; l < 32; l++) {
                assertEquals(perSubBlock[s], w[s * 32 + l], "sub-block " + s + " weight " + l);
            }
        }
    }

    @Test
    void q6kBlockAssemblesSixBitLevelsAroundZero() {
        MemorySegment block = bytes(210);
        fill(block, 0, 64, 0x21);                                   // half 0: low nibble 1, high nibble 2
        fill(block, 64, 64, 0x00);                                  // half 1: all low bits zero
        fill(block, 128, 32, 0xE4);                                 // half 0 qh: 2-bit fields 0, 1, 2, 3
        fill(block, 160, 32, 0xFF);                                 // half 1 qh: every high pair 3
        for (int r = 0; r < 16; r++) {
            put(block, 192 + r, r - 8);                             // signed scales -8 .. 7
        }
        block.set(Simd.SHORT, 208, HALF);                           // d = 0.5
        float[] w = new Q6KMatrix(block, 1, 256).toFloats();
        // half 0, weight i: scale index i / 16; levels 1 | 0<<4, 1 | 1<<4, 2 | 2<<4, 2 | 3<<4 for the four quarters
        int[] levels = {1, 17, 34, 50};
        for (int i = 0; i < 128; i++) {
            assertEquals(0.5f * (i / 16 - 8) * (levels[i / 32] - 32), w[i], "weight " + i);
        }
        for (int i = 0; i < 128; i++) {                             // half 1: level 48 everywhere, scales 0 .. 7
            assertEquals(0.5f * (8 + i / 16 - 8) * (48 - 32), w[128 + i], "weight " + (128 + i));
        }
    }

    @Test
    void bfloat16IsTheTopHalfOfAFloat() {
        assertEquals((short) 0x3F80, BF16Matrix.fromFloat(1f));
        assertEquals((short) 0xC000, BF16Matrix.fromFloat(-2f));
        assertEquals(1f, BF16Matrix.toFloat((short) 0x3F80));
        assertEquals(1f + 0x1p-7f, BF16Matrix.toFloat(BF16Matrix.fromFloat(1f + 0x1p-7f + 0x1p-10f)), "rounds to nearest");
        assertEquals(1f, BF16Matrix.toFloat(BF16Matrix.fromFloat(1f + 0x1p-8f)), "a tie goes to the even neighbour");
        assertTrue(Float.isNaN(BF16Matrix.toFloat(BF16Matrix.fromFloat(Float.NaN))));
        assertEquals(3e38f, BF16Matrix.toFloat(BF16Matrix.fromFloat(3e38f)), 3e38f * 0x1p-8f, "float32's range, unlike F16");
    }

    /**
     * Relative root-mean-square rounding error of Gaussian rows: about half a level's step over the
     * number of levels a sub-block spans (16, 32, 64), plus what the quantized sub-block scales add.
     */
    @ParameterizedTest
    @EnumSource(value = GgufType.class, names = {"Q4_K", "Q5_K", "Q6_K", "BF16"})
    void writersRoundTripWithinWhatTheFormatAllows(GgufType type) {
        int rows = 16, cols = 1024;
        float[] values = randoms(new Random(3), rows * cols);
        Matrix m = Matrix.from(type, values, rows, cols);
        assertEquals(type.bytesFor(values.length), m.bytes());
        float[] back = m.toFloats();
        double error = 0, signal = 0, worst = 0;
        for (int i = 0; i < values.length; i++) {
            double diff = back[i] - values[i];
            error += diff * diff;
            signal += values[i] * (double) values[i];
            worst = Math.max(worst, Math.abs(diff));
        }
        double relative = Math.sqrt(error / signal);
        double[] bounds = switch (type) {                           // {relative rms, worst single weight}
            case Q4_K -> new double[]{0.08, 0.4};                   // measured 0.071 and 0.27
            case Q5_K -> new double[]{0.04, 0.2};                   // 0.036, 0.13
            case Q6_K -> new double[]{0.02, 0.1};                   // 0.018, 0.063
            default -> new double[]{0.002, 0.015};                  // BF16: 0.0017, 0.012
        };
        System.out.printf("%s round trip: relative rms %.4f, worst %.4f%n", type, relative, worst);
        assertTrue(relative < bounds[0], type + " relative rms error " + relative);
        assertTrue(worst < bounds[1], type + " worst error " + worst);
    }

    @Test
    void kQuantsRoundTripConstantsAndZeros() {
        for (GgufType type : new GgufType[]{GgufType.Q4_K, GgufType.Q5_K, GgufType.Q6_K}) {
            float[] zeros = new float[256];
            float[] back = Matrix.from(type, zeros, 1, 256).toFloats();
            for (float v : back) assertEquals(0f, v, 0f, type + " zeros");
            float[] constant = new float[256];
            java.util.Arrays.fill(constant, -0.75f);
            back = Matrix.from(type, constant, 1, 256).toFloats();
            for (float v : back) assertEquals(-0.75f, v, 0.75f / 30, type + " a constant row");
        }
    }

    /** The product, in whichever loop this JVM runs (vectors of 16 or 8 lanes, or plain), against the decoded numbers. */
    @ParameterizedTest
    @EnumSource(value = GgufType.class, names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K", "BF16"})
    void matmulEqualsTheDequantizedProduct(GgufType type) {
        int rows = 37, cols = 768;
        var random = new Random(5);
        Matrix m = Matrix.from(type, randoms(random, rows * cols), rows, cols);
        float[] x = randoms(random, cols);
        float[] decoded = m.toFloats();
        float[] out = new float[rows];
        m.matmul(x, out);
        for (int r = 0; r < rows; r++) {
            double expected = 0;
            for (int i = 0; i < cols; i++) expected += (double) decoded[r * cols + i] * x[i];
            assertEquals(expected, out[r], 2e-3 * Math.sqrt(cols), type + " row " + r);
            float scalar = switch (m) {
                case Q4Matrix q -> q.dotScalar(r, x);
                case Q8Matrix q -> q.dotScalar(r, x);
                case Q4KMatrix q -> q.dotScalar(r, x);
                case Q5KMatrix q -> q.dotScalar(r, x);
                case Q6KMatrix q -> q.dotScalar(r, x);
                default -> out[r];
            };
            assertEquals(expected, scalar, 2e-3 * Math.sqrt(cols), type + " plain loop, row " + r);
        }
    }

    private static float[] randoms(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
        return v;
    }
}
