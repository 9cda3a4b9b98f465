package dev.course.engine.generate;

import dev.course.engine.generate.gguf.GgufException;
import dev.course.engine.generate.gguf.GgufFile;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.gguf.GgufWriter;
import dev.course.engine.generate.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufFileTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsMetadataAndTensors() throws Exception {
        float[] weights = new float[64];
        for (int i = 0; i < weights.length; i++) weights[i] = i * 0.5f - 3;
        Path path = dir.resolve("t.gguf");
        new GgufWriter()
                .putString("general.name", "tiny").putUInt32("n", 7).putFloat32("f", 0.25f).putBool("b", true)
                .putStrings("words", new String[]{"a", "bé", ""}).putInts("ints", new int[]{3, -1})
                .putFloats("floats", new float[]{1.5f})
                .addTensor("w", GgufType.F32, weights, 2, 32)
                .addTensor("q", GgufType.Q8_0, weights, 2, 32)
                .write(path);
        GgufFile file = GgufFile.open(path);
        assertEquals(3, file.version());
        assertEquals("tiny", file.string("general.name"));
        assertEquals(7, file.integer("n"));
        assertEquals(0.25f, file.real("f", 0));
        assertTrue(file.bool("b", false));
        assertArrayEquals(new String[]{"a", "bé", ""}, file.strings("words"));
        assertArrayEquals(new int[]{3, -1}, (int[]) file.metadata().get("ints"));
        var info = file.tensor("w");
        assertArrayEquals(new long[]{32, 2}, info.shape(), "GGUF lists the innermost dimension first");
        assertEquals(0, file.tensor("q").offset() % GgufFile.DEFAULT_ALIGNMENT, "tensor data is aligned");
        assertArrayEquals(weights, Matrix.of(GgufType.F32, file.tensorData(info), 2, 32).toFloats());
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertTrue(java.nio.file.Files.getPosixFilePermissions(path).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                    "sandboxed kernels run as another user and load the trained model");
        }
    }

    @Test
    void rejectsFilesThatAreNotGguf() throws Exception {
        Path path = Files.writeString(dir.resolve("x.gguf"), "not a model at all, just text");
        var e = assertThrows(GgufException.class, () -> GgufFile.open(path));
        assertTrue(e.getMessage().contains("not a GGUF file"), e.getMessage());
    }

    @Test
    void rejectsTruncatedFiles() throws Exception {
        Path path = new RandomModelFile().write(dir);
        byte[] all = Files.readAllBytes(path);
        Path cut = Files.write(dir.resolve("cut.gguf"), java.util.Arrays.copyOf(all, all.length / 2));
        var e = assertThrows(GgufException.class, () -> GgufFile.open(cut));
        assertTrue(e.getMessage().contains("past the end") || e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aHeaderCutShortIsNamedAsSuchAtEveryCut() throws Exception {
        Path path = dir.resolve("h.gguf");
        new GgufWriter().putString("general.name", "tiny").putStrings("words", new String[]{"alpha", "beta"})
                .putUInt32("n", 7).write(path);
        byte[] all = Files.readAllBytes(path);
        for (int length = 8; length < 90; length += 3) {
            Path cut = Files.write(dir.resolve("cut" + length + ".gguf"), java.util.Arrays.copyOf(all, length));
            var e = assertThrows(GgufException.class, () -> GgufFile.open(cut), "cut at " + length);
            assertTrue(e.getMessage().contains("ends in the middle of its header"), length + ": " + e.getMessage());
        }
    }

    @Test
    void unsupportedArchitecturesAreNamed() throws Exception {
        Path path = dir.resolve("gemma.gguf");
        new GgufWriter().putString("general.architecture", "gemma2").write(path);
        var e = assertThrows(GgufException.class, () -> LocalModel.load(path));
        assertTrue(e.getMessage().contains("gemma2") && e.getMessage().contains("llama"), e.getMessage());
    }
}
