package dev.course.engine.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Relevance judgements ("query relevance" in TREC speak): for each query, the graded gain of each
 * judged document. A gain of 0 or less means judged not relevant; documents not listed are
 * unjudged, which every metric here also treats as not relevant.
 *
 * @param gains query id to (document id to gain)
 */
public record Qrels(Map<String, Map<String, Integer>> gains) {

    public Qrels {
        var copy = new LinkedHashMap<String, Map<String, Integer>>();
        gains.forEach((q, docs) -> copy.put(q, Map.copyOf(docs)));
        gains = java.util.Collections.unmodifiableMap(copy);
    }

    /** The gains of one query's judged documents (empty if the query has none). */
    public Map<String, Integer> gains(String queryId) {
        return gains.getOrDefault(queryId, Map.of());
    }

    /** The documents with a positive gain for this query. */
    public Set<String> relevant(String queryId) {
        return gains(queryId).entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    public int queryCount() {
        return gains.size();
    }
}
