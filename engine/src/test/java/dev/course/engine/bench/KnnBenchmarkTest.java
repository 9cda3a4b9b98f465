package dev.course.engine.bench;

import dev.course.engine.TestCorpus;
import dev.course.engine.eval.CranfieldReader;
import dev.course.engine.index.HnswConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnnBenchmarkTest {

    @TempDir
    Path tmp;

    static List<float[]> randomUnitVectors(int n, int dim, long seed) {
        var random = new Random(seed);
        var out = new ArrayList<float[]>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) random.nextGaussian();
            }
            out.add(dev.course.engine.embed.VectorMath.normalize(v));
        }
        return out;
    }

    @Test
    void measuresRecallAgainstExactSearchAndWiderBeamsFindMore() throws Exception {
        List<float[]> vectors = randomUnitVectors(3000, 32, 1);
        List<float[]> queries = randomUnitVectors(50, 32, 2);
        var result = KnnBenchmark.run(vectors, queries, List.of(new HnswConfig(8, 40, false)), List.of(10, 200), tmp);
        assertEquals(2, result.rows().size());
        var narrow = result.rows().get(0);
        var wide = result.rows().get(1);
        assertTrue(wide.recallAt10() >= narrow.recallAt10(), result.toString());
        assertTrue(wide.recallAt10() > 0.9, result.toString());
        assertTrue(narrow.hnswQps() > 0 && narrow.exactQps() > 0);
        assertTrue(result.toString().contains("recall@10"));
    }

    @Test
    void cutsCranfieldIntoAsManyWindowsAsAsked() {
        List<String> texts = KnnBenchmark.cranfieldTexts(TestCorpus.DOCUMENTS, 500);
        assertEquals(500, texts.size());
        assertTrue(texts.stream().allMatch(t -> !t.isBlank()));
    }

    @Test
    void vectorFilesRoundTrip() throws Exception {
        List<float[]> vectors = randomUnitVectors(10, 8, 3);
        Path file = tmp.resolve("v.bin");
        KnnBenchmark.writeVectors(file, vectors);
        List<float[]> back = KnnBenchmark.readVectors(file);
        for (int i = 0; i < vectors.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(vectors.get(i), back.get(i));
        }
    }

    /** 100,000 real MiniLM vectors: minutes, so a benchmark. */
    @Test
    @Tag("benchmark")
    void hnswReachesTheRecallTargetAtTwentyTimesExactSpeed() throws Exception {
        Path cranfield = Path.of(System.getProperty("course.shared", "../shared"), "datasets", "cranfield");
        Assumptions.assumeTrue(CranfieldReader.isPresent(cranfield), "Cranfield not found at " + cranfield + ": skipped");
        var result = KnnBenchmark.runOnCranfield(cranfield, 100_000, Path.of("target", "knn-vectors.bin"), tmp);
        System.out.println(result);
        var best = result.fastestWithRecall(0.95).orElseThrow(() -> new AssertionError(result.toString()));
        assertTrue(best.speedup() >= 20, result.toString());
    }
}
