package dev.course.engine.generate;

import dev.course.engine.generate.gguf.GgufException;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quantized matrices: their products equal products with their dequantized values, and rounding stays small. */
class QuantizationTest {

    static final int ROWS = 70;
    static final int COLS = 128;

    @ParameterizedTest
    @EnumSource(value = GgufType.class, names = {"F32", "F16", "Q8_0", "Q4_0"})
    void matmulEqualsTheDequantizedProduct(GgufType type) {
        var random = new Random(1);
        float[] values = RandomModelFile.randoms(random, ROWS * COLS, 1f);
        float[] x = RandomModelFile.randoms(random, COLS, 1f);
        Matrix m = Matrix.from(type, values, ROWS, COLS);
        float[] dequantized = m.toFloats();
        float[] out = new float[ROWS];
        m.matmul(x, out);
        for (int r = 0; r < ROWS; r++) {
            double expected = 0;
            for (int i = 0; i < COLS; i++) expected += (double) dequantized[r * COLS + i] * x[i];
            assertEquals(expected, out[r], 1e-3, type + " row " + r);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgufType.class, names = {"F16", "Q8_0", "Q4_0"})
    void roundingErrorIsBoundedByTheBlockScale(GgufType type) {
        float[] values = RandomModelFile.randoms(new Random(2), ROWS * COLS, 1f);
        float[] back = Matrix.from(type, values, ROWS, COLS).toFloats();
        double bound = switch (type) {
            case F16 -> 0;   // relative, below
            case Q8_0 -> 0.5 / 127 * 4.5 * 1.01;   // half a step; |x| < 4.5 sigma here
            default -> 0.5 / 8 * 4.5 * 1.2 + 1e-3; // Q4_0: one step of the 16 levels at most
        };
        for (int i = 0; i < values.length; i++) {
            double allowed = type == GgufType.F16 ? Math.abs(values[i]) * 0x1p-11 + 1e-7 : bound;
            assertTrue(Math.abs(values[i] - back[i]) <= allowed, type + " element " + i + ": " + values[i] + " -> " + back[i]);
        }
    }

    @Test
    void q8StoresScaleAndSignedBytes() {
        float[] block = new float[32];
        block[0] = 127f;
        block[1] = -63.5f;
        block[2] = 1f;
        float[] back = Matrix.from(GgufType.Q8_0, block, 1, 32).toFloats();
        assertEquals(127f, back[0]);
        assertEquals(-64f, back[1], 1e-6, "rounded half away from zero to -64");
        assertEquals(1f, back[2]);
        assertEquals(34, Matrix.from(GgufType.Q8_0, block, 1, 32).bytes());
        assertEquals(18, Matrix.from(GgufType.Q4_0, block, 1, 32).bytes());
    }

    @Test
    void unsupportedTypesSayWhich() {
        var e = assertThrows(GgufException.class, () -> Matrix.of(GgufType.Q2_K, null, 1, 256));
        assertTrue(e.getMessage().contains("Q2_K") && e.getMessage().contains("Q8_0, Q4_K"), e.getMessage());
    }
}
