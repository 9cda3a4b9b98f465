package dev.course.engine.search;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.course.engine.search.FixedRanking.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PriorRetrieverTest {

    /** Three candidates in the first stage's order; the prior reorders them, ties keep that order. */
    @Test
    void candidatesAreOrderedByTheirPriorAlone() {
        List<Hit> hits = List.of(hit("swing", 9), hit("rare", 8), hit("string", 7), hit("list", 6));
        Retriever first = new FixedRanking(hits);
        Map<String, Double> prior = Map.of("string", 1.0, "list", 0.8, "swing", 0.1);
        var retriever = new PriorRetriever(first, chunk -> prior.getOrDefault(chunk.documentId(), 0.0), "usage");
        SearchResults results = retriever.search("q", 3);
        assertEquals(List.of("string", "list", "swing"), results.documentIds());
        assertEquals(1.0, results.get(0).score(), 1e-6);
        assertEquals("usage(first)", retriever.name());
    }
}
