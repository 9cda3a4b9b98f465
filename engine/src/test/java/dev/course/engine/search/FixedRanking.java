package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;

import java.util.List;

/** A first stage for tests: the same hits, best first, whatever the query; named "first". */
record FixedRanking(List<Hit> hits) implements Retriever {

    @Override
    public SearchResults search(String query, int k) {
        return new SearchResults(query, name(), hits.subList(0, Math.min(k, hits.size())));
    }

    @Override
    public String name() {
        return "first";
    }

    /** A hit on a document whose id is {@code id}, with {@code score}. */
    static Hit hit(String id, float score) {
        return new Hit(Chunk.whole(new Document(id, id, "text of " + id, "")), score, 0);
    }
}
