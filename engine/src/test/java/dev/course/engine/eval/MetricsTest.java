package dev.course.engine.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every expected value below was worked out by hand from the definitions. */
class MetricsTest {

    static final List<String> RANKING = List.of("a", "b", "c", "d", "e");
    static final Map<String, Integer> GAINS = Map.of("a", 3, "c", 2, "e", 0, "x", 1);
    static final Set<String> RELEVANT = Set.of("a", "c", "x");

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void ndcgUsesGradedGainsAndTheIdealOrdering() {
        // DCG@3 = 3/log2(2) + 0/log2(3) + 2/log2(4) = 3 + 1 = 4
        // IDCG@3 = 3/1 + 2/log2(3) + 1/log2(4) = 3 + 1.26186 + 0.5 = 4.76186
        double expected = 4.0 / (3 + 2 / log2(3) + 0.5);
        assertEquals(expected, Metrics.ndcg(RANKING, GAINS, 3), 1e-12);
        assertEquals(0.840008, Metrics.ndcg(RANKING, GAINS, 3), 1e-6);
        assertEquals(1.0, Metrics.ndcg(List.of("a", "c", "x"), GAINS, 3), 1e-12);
        assertEquals(0.0, Metrics.ndcg(List.of("b", "d"), GAINS, 10), 1e-12);
        assertEquals(0.0, Metrics.ndcg(RANKING, Map.of(), 10), "no relevant documents: 0");
    }

    @Test
    void recallPrecisionReciprocalRankAndAveragePrecision() {
        assertEquals(1.0 / 3, Metrics.recall(RANKING, RELEVANT, 1), 1e-12);
        assertEquals(2.0 / 3, Metrics.recall(RANKING, RELEVANT, 5), 1e-12);
        assertEquals(2.0 / 5, Metrics.precision(RANKING, RELEVANT, 5), 1e-12);
        assertEquals(1.0, Metrics.reciprocalRank(RANKING, RELEVANT), 1e-12);
        assertEquals(0.5, Metrics.reciprocalRank(List.of("b", "c"), RELEVANT), 1e-12);
        assertEquals(0.0, Metrics.reciprocalRank(List.of("b", "d"), RELEVANT), 1e-12);
        // AP = (1/1 + 2/3) / 3 relevant = 0.5556
        assertEquals((1.0 + 2.0 / 3) / 3, Metrics.averagePrecision(RANKING, RELEVANT), 1e-12);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.ndcg(RANKING, GAINS, 0));
        assertThrows(IllegalArgumentException.class, () -> Metrics.requireNoDuplicates(List.of("a", "a")));
    }
}
