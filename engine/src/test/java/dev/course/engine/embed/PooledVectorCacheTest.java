package dev.course.engine.embed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PooledVectorCacheTest {

    private static final List<String> TEXTS = List.of("Open a file and read its lines.",
            "Sort a list of numbers.", "Cosine similarity of two unit vectors is their dot product.");

    @TempDir
    Path tmp;

    @AfterEach
    void stopKeeping() {
        Encoders.stopKeepingPooledVectors();
    }

    @Test
    void aModelLoadedLaterReadsTheVectorsAnEarlierOneComputed() throws Exception {
        Path folder = tmp.resolve("batches");
        Encoders.keepPooledVectors(new PooledVectorCache(folder, PooledVectorCache.DEFAULT_MAX_BYTES));
        List<float[]> first;
        try (EmbeddingModel model = EmbeddingModel.load(ModelSpec.ALL_MINILM_L6_V2, 1, LongTextPolicy.TRUNCATE)) {
            first = model.embedAll(TEXTS);
        }
        List<Path> files = files(folder);
        assertEquals(1, files.size(), "three short texts are one batch, one file, no temporary left: " + files);
        Encoders.stopKeepingPooledVectors();
        try (EmbeddingModel plain = EmbeddingModel.load(ModelSpec.ALL_MINILM_L6_V2, 1, LongTextPolicy.TRUNCATE)) {
            List<float[]> computed = plain.embedAll(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(computed.get(i), first.get(i), "keeping vectors changes no float");
            }
        }

        // Other vectors of the right shape in the file: a new model must return those, so it read the file.
        float[] marked = new float[ModelSpec.ALL_MINILM_L6_V2.dimension()];
        Arrays.fill(marked, 0.25f);
        EmbeddingCache.write(files.getFirst(), List.of(marked, marked, marked));
        Encoders.keepPooledVectors(new PooledVectorCache(folder, PooledVectorCache.DEFAULT_MAX_BYTES));
        try (EmbeddingModel later = EmbeddingModel.load(ModelSpec.ALL_MINILM_L6_V2, 1, LongTextPolicy.TRUNCATE)) {
            float[] read = later.embedAll(TEXTS).getFirst();
            for (float component : read) {
                assertEquals(1 / Math.sqrt(marked.length), component, 1e-6, "the marked vector, normalised");
            }
        }
    }

    @Test
    void anEncoderTheCallerGivesIsNeverCached() throws Exception {
        Path folder = tmp.resolve("batches");
        Encoders.keepPooledVectors(new PooledVectorCache(folder, PooledVectorCache.DEFAULT_MAX_BYTES));
        try (EmbeddingModel model = EmbeddingModel.load(ModelSpec.ALL_MINILM_L6_V2, 1, LongTextPolicy.TRUNCATE,
                Encoders.local(ModelSpec.ALL_MINILM_L6_V2))) {
            model.embedAll(TEXTS);
        }
        assertFalse(Files.exists(folder), "nothing kept for an encoder the caller chose");
    }

    @Test
    void theSameBatchIsComputedOnceAndAnotherPoolingOrGraphIsAnotherEntry() {
        PooledVectorCache cache = new PooledVectorCache(tmp, PooledVectorCache.DEFAULT_MAX_BYTES);
        AtomicInteger computed = new AtomicInteger();
        EncoderInput batch = batch(7, 2);
        float[][] first = cache.pooled("m", "graph-1", Pooling.MEAN, 4, batch, () -> rows(computed, 2, 1f));
        float[][] again = cache.pooled("m", "graph-1", Pooling.MEAN, 4, batch(7, 2), () -> rows(computed, 2, 2f));
        assertEquals(1, computed.get());
        assertArrayEquals(first[1], again[1]);

        cache.pooled("m", "graph-1", Pooling.CLS, 4, batch, () -> rows(computed, 2, 3f));
        cache.pooled("m", "graph-2", Pooling.MEAN, 4, batch, () -> rows(computed, 2, 4f));
        cache.pooled("other", "graph-1", Pooling.MEAN, 4, batch, () -> rows(computed, 2, 5f));
        cache.pooled("m", "graph-1", Pooling.MEAN, 4, batch(8, 2), () -> rows(computed, 2, 6f));
        assertEquals(5, computed.get(), "pooling, graph, model and ids are each part of the key");
    }

    @Test
    void aCutOrMisshapenFileIsComputedAndWrittenAgain() throws Exception {
        PooledVectorCache cache = new PooledVectorCache(tmp, PooledVectorCache.DEFAULT_MAX_BYTES);
        AtomicInteger computed = new AtomicInteger();
        cache.pooled("m", "g", Pooling.MEAN, 4, batch(1, 2), () -> rows(computed, 2, 1f));
        Path file = files(tmp).getFirst();
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 5));
        float[][] vectors = cache.pooled("m", "g", Pooling.MEAN, 4, batch(1, 2), () -> rows(computed, 2, 1f));
        assertEquals(2, computed.get(), "a cut file is not read");
        assertEquals(1f, vectors[0][0]);
        assertEquals(whole.length, Files.size(file), "and is written whole again");

        EmbeddingCache.write(file, List.of(new float[4]));
        cache.pooled("m", "g", Pooling.MEAN, 4, batch(1, 2), () -> rows(computed, 2, 1f));
        assertEquals(3, computed.get(), "one vector for a batch of two is not read");
    }

    @Test
    void theFolderStaysUnderItsBoundAndTheLeastRecentlyUsedGoFirst() throws Exception {
        // Each file: 8 header bytes + 2 rows of 64 floats = 520 bytes; a bound of 4,000 holds seven.
        PooledVectorCache cache = new PooledVectorCache(tmp, 4_000);
        AtomicInteger computed = new AtomicInteger();
        cache.pooled("m", "g", Pooling.MEAN, 64, batch(0, 2), () -> rows(computed, 2, 64, 1f));
        Path oldest = files(tmp).getFirst();
        for (int i = 1; i < 30; i++) {
            Files.setLastModifiedTime(oldest, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
            cache.pooled("m", "g", Pooling.MEAN, 64, batch(i, 2), () -> rows(computed, 2, 64, 1f));
            long total = files(tmp).stream().mapToLong(PooledVectorCacheTest::size).sum();
            assertTrue(total <= 4_000, "after " + i + " batches the folder holds " + total + " bytes");
        }
        assertTrue(Files.exists(oldest), "the file used most recently stays");
        int before = computed.get();
        cache.pooled("m", "g", Pooling.MEAN, 64, batch(0, 2), () -> rows(computed, 2, 64, 1f));
        assertEquals(before, computed.get(), "and is still read");
        cache.pooled("m", "g", Pooling.MEAN, 64, batch(1, 2), () -> rows(computed, 2, 64, 1f));
        assertEquals(before + 1, computed.get(), "an early batch used once was evicted");
    }

    @Test
    void aFolderThatCannotBeWrittenStillGivesTheVectors() throws Exception {
        Path impossible = Files.writeString(tmp.resolve("a-file"), "x").resolve("batches");
        AtomicInteger computed = new AtomicInteger();
        float[][] vectors = new PooledVectorCache(impossible, 1_000).pooled("m", "g", Pooling.MEAN, 4, batch(1, 1),
                () -> rows(computed, 1, 9f));
        assertEquals(9f, vectors[0][3]);
    }

    @Test
    void theDigestCoversLabelsAndBatchWithoutRunningTogether() {
        EncoderInput batch = batch(3, 2);
        assertEquals(batch.digest("a", "bc"), batch(3, 2).digest("a", "bc"));
        assertNotEquals(batch.digest("ab", "c"), batch.digest("a", "bc"));
        assertNotEquals(batch.digest("a"), batch.slice(0, 1).digest("a"));
    }

    /** A batch of {@code rows} rows of three tokens, the first token of each being {@code seed}. */
    private static EncoderInput batch(int seed, int rows) {
        long[] ids = new long[rows * 3];
        for (int r = 0; r < rows; r++) {
            ids[r * 3] = seed;
            ids[r * 3 + 1] = 100 + r;
            ids[r * 3 + 2] = 102;
        }
        int[] lengths = new int[rows];
        Arrays.fill(lengths, 3);
        return new EncoderInput(rows, 3, ids, new long[rows * 3], lengths);
    }

    private static float[][] rows(AtomicInteger computed, int rows, float value) {
        return rows(computed, rows, 4, value);
    }

    private static float[][] rows(AtomicInteger computed, int rows, int dimension, float value) {
        computed.incrementAndGet();
        float[][] vectors = new float[rows][dimension];
        for (float[] vector : vectors) {
            Arrays.fill(vector, value);
        }
        return vectors;
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
