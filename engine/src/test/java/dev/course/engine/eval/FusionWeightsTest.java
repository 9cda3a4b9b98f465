package dev.course.engine.eval;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.search.Fusion;
import dev.course.engine.search.Hit;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.SearchResults;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FusionWeightsTest {

    /** A retriever that answers each query with a fixed list of (document, score). */
    record Fixed(String name, Map<String, List<Map.Entry<String, Float>>> answers) implements Retriever {
        @Override
        public SearchResults search(String query, int k) {
            var hits = new ArrayList<Hit>();
            for (var e : answers.getOrDefault(query, List.of())) {
                hits.add(new Hit(Chunk.whole(Document.of(e.getKey(), e.getKey())), e.getValue(), -1));
            }
            return new SearchResults(query, name, hits);
        }
    }

    static final Dataset DATA = new Dataset("tiny",
            List.of(Document.of("d1", "x"), Document.of("d2", "y"), Document.of("d3", "z")),
            List.of(new EvalQuery("1", "q1"), new EvalQuery("2", "q2")),
            new Qrels(Map.of("1", Map.of("d1", 1), "2", Map.of("d3", 1))));

    @Test
    void theWeightsThatRankBothQueriesRightAreFoundOnTheGrid() {
        // Min-max: q1 needs 0.9 w + (1 - w) > w, so w < 0.909; q2 needs w > 1 - w, so w > 0.5.
        var a = new Fixed("a", Map.of("q1", List.of(Map.entry("d2", 10f), Map.entry("d1", 9f), Map.entry("d3", 0f)),
                "q2", List.of(Map.entry("d3", 10f), Map.entry("d2", 0f))));
        var b = new Fixed("b", Map.of("q1", List.of(Map.entry("d1", 1f), Map.entry("d3", 0.9f), Map.entry("d2", 0f)),
                "q2", List.of(Map.entry("d2", 1f), Map.entry("d3", 0f))));
        FusionWeights.Choice choice = FusionWeights.choose(DATA, List.of(a, b), Fusion.Normalisation.MIN_MAX, 0.1);
        assertEquals(List.of(0.9, 0.1), choice.weights(), "the first vector tried (largest first weight) that wins");
        assertEquals(1.0, choice.devNdcg10(), 1e-9);
        assertEquals("weighted[0.9, 0.1](a, b)", choice.retriever(List.of(a, b), Fusion.Normalisation.MIN_MAX).name());
    }

    /** Records every query it is asked, answering each like {@code inner}. */
    record Recording(Retriever inner, List<String> asked) implements Retriever {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public SearchResults search(String query, int k) {
            asked.add(query);
            return inner.search(query, k);
        }
    }

    @Test
    void selectionSearchesOnlyTheDevelopmentQueriesAndEachListOnce() {
        var answers = new java.util.HashMap<String, List<Map.Entry<String, Float>>>();
        var queries = new ArrayList<EvalQuery>();
        for (int i = 1; i <= 6; i++) {
            queries.add(new EvalQuery(String.valueOf(i), "q" + i));
            answers.put("q" + i, List.of(Map.entry("d1", 2f), Map.entry("d2", 1f)));
        }
        var data = new Dataset("six", DATA.documents(), queries, new Qrels(Map.of("1", Map.of("d1", 1))));
        DevTestSplit split = DevTestSplit.alternating(data);
        var a = new Recording(new Fixed("a", answers), new ArrayList<>());
        var b = new Recording(new Fixed("b", answers), new ArrayList<>());
        var c = new Recording(new Fixed("c", answers), new ArrayList<>());
        FusionWeights.select(split.dev(), List.of(List.of(a, b), List.of(a, c), List.of(a, b, c)),
                List.of(Fusion.Normalisation.values()), 0.25);
        for (Recording r : List.of(a, b, c)) {
            assertEquals(List.of("q1", "q3", "q5"), r.asked(),
                    r.name() + ": the development queries, once each, though it is in several candidates; never a test query");
        }
    }

    @Test
    void selectionKeepsTheCandidateAndNormalisationWithTheBestDevelopmentScore() {
        // On q1 only "good" puts the relevant d1 first; on q2 both do. Fused with "bad", good needs the larger weight.
        var good = new Fixed("good", Map.of("q1", List.of(Map.entry("d1", 5f), Map.entry("d2", 1f)),
                "q2", List.of(Map.entry("d3", 5f), Map.entry("d1", 1f))));
        var bad = new Fixed("bad", Map.of("q1", List.of(Map.entry("d2", 5f), Map.entry("d1", 1f)),
                "q2", List.of(Map.entry("d1", 5f), Map.entry("d3", 1f))));
        var worse = new Fixed("worse", Map.of("q1", List.of(Map.entry("d3", 5f)), "q2", List.of(Map.entry("d2", 5f))));
        FusionWeights.Selection s = FusionWeights.select(DATA, List.of(List.of(bad, worse), List.of(bad, good)),
                List.of(Fusion.Normalisation.Z_SCORE, Fusion.Normalisation.MIN_MAX), 0.5);
        assertEquals(List.of(bad, good), s.parts());
        assertEquals(1.0, s.choice().devNdcg10(), 1e-9);
        assertEquals(List.of(0.0, 1.0), s.choice().weights());
        assertEquals(Fusion.Normalisation.Z_SCORE, s.normalisation(), "a tie goes to the normalisation listed first");
        assertThrows(IllegalArgumentException.class, () -> FusionWeights.select(DATA, List.of(), List.of(Fusion.Normalisation.MIN_MAX), 0.5));
        assertThrows(IllegalArgumentException.class, () -> FusionWeights.select(DATA, List.of(List.of(good)),
                List.of(Fusion.Normalisation.MIN_MAX), 0.5));
    }

    @Test
    void theGridCoversTheSimplexAndBadStepsAreRefused() {
        assertEquals(11, FusionWeights.grid(2, 10).size());
        assertEquals(66, FusionWeights.grid(3, 10).size());
        for (List<Double> w : FusionWeights.grid(3, 20)) {
            assertEquals(1.0, w.stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        }
        var a = new Fixed("a", Map.of());
        assertThrows(IllegalArgumentException.class, () -> FusionWeights.choose(DATA, List.of(a), Fusion.Normalisation.MIN_MAX));
        assertThrows(IllegalArgumentException.class, () -> FusionWeights.choose(DATA, List.of(a, a), Fusion.Normalisation.MIN_MAX, 0.3));
    }

    @Test
    void theSplitAlternatesAndTheHalvesShareNoQuery() {
        var queries = new ArrayList<EvalQuery>();
        for (int i = 1; i <= 5; i++) {
            queries.add(new EvalQuery(String.valueOf(i), "q" + i));
        }
        var data = new Dataset("five", DATA.documents(), queries, DATA.qrels());
        DevTestSplit split = DevTestSplit.alternating(data);
        assertEquals(List.of("1", "3", "5"), split.dev().queries().stream().map(EvalQuery::id).toList());
        assertEquals(List.of("2", "4"), split.test().queries().stream().map(EvalQuery::id).toList());
        assertEquals(data.documents(), split.test().documents());
        assertThrows(IllegalArgumentException.class, () -> DevTestSplit.alternating(data.firstQueries(1)));
    }

    @Test
    void longDocumentsJoinConsecutivePartsAndKeepTheBestGain() {
        var data = new Dataset("c", List.of(new Document("1", "T1", "one", "s"), new Document("2", "T2", "two", "s"),
                new Document("3", "", "three", "s")), List.of(new EvalQuery("q", "x")),
                new Qrels(Map.of("q", Map.of("1", 1, "2", 3, "3", 2))));
        Dataset longer = LongDocuments.concatenate(data, 2);
        assertEquals(List.of("long-1", "long-3"), longer.documents().stream().map(Document::id).toList());
        assertEquals("T1\none\n\nT2\ntwo", longer.documents().getFirst().text());
        assertEquals("T1", longer.documents().getFirst().title());
        assertEquals(Map.of("long-1", 3, "long-3", 2), longer.qrels().gains("q"));
        assertThrows(IllegalArgumentException.class, () -> LongDocuments.concatenate(data, 1));
    }
}
