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
    void reportsTheBuildAndTheTimedPassesAsTheyGo() throws Exception {
        var lines = new java.io.ByteArrayOutputStream();
        var result = KnnBenchmark.run(randomUnitVectors(2000, 16, 4), randomUnitVectors(20, 16, 5),
                List.of(new HnswConfig(8, 40, false)), List.of(10, 40), tmp,
                dev.course.engine.corpus.Progress.lines(new java.io.PrintStream(lines, true, java.nio.charset.StandardCharsets.UTF_8)));
        String printed = lines.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.contains("building the graph M=8 beam=40 float32: 0 of 2,000"), printed);
        assertTrue(printed.contains("building the graph M=8 beam=40 float32: 2,000 of 2,000"), printed);
        assertTrue(printed.contains("timing M=8 beam=40 float32 (5 passes over 2 candidate counts): 5 of 5"), printed);
        assertTrue(printed.contains("warming up M=8 beam=40 float32 (every search once, untimed): 2 of 2"), printed);
        // three phases (build, warm-up, timing), each a line when it starts and one per quarter done
        assertTrue(printed.lines().count() <= 3 * 5, "a line per quarter, not one per vector: " + printed);
        assertEquals(2, result.rows().size());
    }

    @Test
    void theMedianIgnoresOneDisturbedPass() {
        assertEquals(100, KnnBenchmark.median(new double[]{100, 101, 3, 99, 5000}));
        assertEquals(2.5, KnnBenchmark.median(new double[]{4, 1, 3, 2}));
    }

    @Test
    void chartsRecallAgainstSpeedWithAPointPerCandidateCountAndExactSearchDashed() {
        var rows = List.of(new KnnBenchmark.Row("M=16 beam=100 float32", 10, 0.80, 9000, 700),
                new KnnBenchmark.Row("M=16 beam=100 float32", 40, 0.97, 5000, 700),
                new KnnBenchmark.Row("M=16 beam=100 float32", 160, 0.999, 2000, 700));
        var result = new KnnBenchmark.Result(3000, 384, 200, rows, List.of("built"), java.util.Map.of());
        var bundle = result.chart().render();
        String svg = bundle.data().get("image/svg+xml");
        assertEquals(3, svg.split("<circle").length - 1, svg);
        assertTrue(svg.contains("stroke-dasharray") && svg.contains("exact search: 700 queries/s"), svg);
        assertTrue(svg.contains(">0.80<") && svg.contains(">1.00<"), "recall axis from 0.8 to 1: " + svg);
        assertTrue(svg.contains("HNSW M=16 beam=100 float32"), svg);
        assertEquals(result.table().toString(), bundle.data().get("text/plain"));
        assertTrue(svg.contains(">10,000<") && !svg.contains(">9,000<"), "speed ticks at round numbers: " + svg);
    }

    @Test
    void axisStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.01, RecallSpeedChart.roundStep(0.0064), 1e-12);
        assertEquals(0.05, RecallSpeedChart.roundStep(0.03), 1e-12);
        assertEquals(5000, RecallSpeedChart.roundStep(2250), 1e-9);
        assertEquals(10000, RecallSpeedChart.roundStep(5969), 1e-9);
    }

    @Test
    void cutsCranfieldIntoAsManyWindowsAsAsked() {
        List<String> texts = KnnBenchmark.cranfieldTexts(TestCorpus.DOCUMENTS, 500);
        assertEquals(500, texts.size());
        assertTrue(texts.stream().allMatch(t -> !t.isBlank()));
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
