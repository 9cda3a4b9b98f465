package dev.course.engine.rerank;

import dev.course.engine.search.Hit;
import dev.course.engine.search.SearchResults;

import java.util.ArrayList;
import java.util.Comparator;

/** Shared by the rerankers: replace each candidate's score and sort, stable for ties. */
final class Rescoring {

    private Rescoring() {
    }

    static SearchResults sorted(SearchResults candidates, float[] scores, String method) {
        var hits = new ArrayList<Hit>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            hits.add(candidates.get(i).withScore(scores[i]));
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed());
        return new SearchResults(candidates.query(), method, hits);
    }
}
