package dev.course.engine.embed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmbeddingCacheTest {

    private static final List<String> TEXTS = List.of("Open a file and read its lines.",
            "Sort a list of numbers.", "Cosine similarity of two unit vectors is their dot product.");

    @TempDir
    Path tmp;

    @Test
    void theSecondCallReadsTheFileInsteadOfEmbeddingAgain() throws Exception {
        EmbeddingModel model = EmbeddingModel.miniLm();
        EmbeddingCache cache = new EmbeddingCache(tmp.resolve("cache"));
        List<float[]> first = cache.embedAll(model, TEXTS);
        List<float[]> direct = model.embedAll(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(direct.get(i), first.get(i), "the cache returns what the model computes");
        }
        Path file = onlyFile(cache.folder());

        // Put other vectors of the right shape in the file: the next call must return those, so it read them.
        List<float[]> marked = TEXTS.stream().map(t -> filled(model.dimension(), 0.25f)).toList();
        EmbeddingCache.write(file, marked);
        List<float[]> second = cache.embedAll(model, TEXTS);
        assertArrayEquals(marked.getFirst(), second.getFirst());
    }

    @Test
    void anyChangeInTheTextsOrTheModelNamesAnotherFile() {
        EmbeddingModel miniLm = EmbeddingModel.miniLm();
        String key = EmbeddingCache.key(miniLm, TEXTS);
        assertNotEquals(key, EmbeddingCache.key(miniLm, List.of("Open a file and read its lines!", TEXTS.get(1), TEXTS.get(2))));
        assertNotEquals(key, EmbeddingCache.key(miniLm, TEXTS.reversed()));
        assertNotEquals(EmbeddingCache.key(miniLm, List.of("ab", "c")), EmbeddingCache.key(miniLm, List.of("a", "bc")));
        assertNotEquals(key, EmbeddingCache.key(EmbeddingModel.bgeSmall(), TEXTS));
        assertEquals(key, EmbeddingCache.key(miniLm, List.copyOf(TEXTS)));
    }

    @Test
    void aCutFileIsNotUsedButEmbeddedAndWrittenAgain() throws Exception {
        EmbeddingModel model = EmbeddingModel.miniLm();
        EmbeddingCache cache = new EmbeddingCache(tmp);
        cache.embedAll(model, TEXTS);
        Path file = onlyFile(tmp);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 7));
        assertThrows(java.io.IOException.class, () -> EmbeddingCache.read(file));

        List<float[]> again = cache.embedAll(model, TEXTS);
        assertArrayEquals(model.embed(TEXTS.getLast()), again.getLast());
        assertEquals(whole.length, Files.size(file), "the file was written whole again");
    }

    @Test
    void aFolderThatCannotBeWrittenStillGivesTheVectors() throws Exception {
        Path readOnly = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        EmbeddingModel model = EmbeddingModel.miniLm();
        // Root ignores permission bits; a folder under a regular file cannot be created by anyone.
        Path impossible = Files.writeString(tmp.resolve("a-file"), "x").resolve("cache");
        for (Path folder : List.of(readOnly, impossible)) {
            List<float[]> vectors = new EmbeddingCache(folder).embedAll(model, TEXTS);
            assertEquals(TEXTS.size(), vectors.size());
            assertArrayEquals(model.embed(TEXTS.getFirst()), vectors.getFirst());
        }
    }

    @Test
    void writtenVectorsReadBackBitForBit() throws Exception {
        List<float[]> vectors = List.of(new float[] {1f, -0f, Float.MIN_VALUE}, new float[] {Float.NaN, 3.5f, -2f});
        Path file = tmp.resolve("v.vectors");
        EmbeddingCache.write(file, vectors);
        List<float[]> back = EmbeddingCache.read(file);
        for (int i = 0; i < vectors.size(); i++) {
            assertArrayEquals(vectors.get(i), back.get(i));
        }
        assertThrows(IllegalArgumentException.class, () -> EmbeddingCache.write(file, List.of(new float[2], new float[3])));
    }

    private static Path onlyFile(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "one file, no temporary left behind: " + all);
            return all.getFirst();
        }
    }

    private static float[] filled(int dimension, float value) {
        float[] vector = new float[dimension];
        java.util.Arrays.fill(vector, value);
        return vector;
    }
}
