package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;

import java.util.Objects;

/**
 * One search result: the chunk (with its document id and span, so it can be traced to its source),
 * its score under the method that ranked it, and its Lucene document number in the index it came
 * from (-1 when it did not come from an index).
 */
public record Hit(Chunk chunk, float score, int luceneDoc) {

    public Hit {
        Objects.requireNonNull(chunk, "chunk");
    }

    /** The same hit with another score, e.g. after reranking or fusion. */
    public Hit withScore(float newScore) {
        return new Hit(chunk, newScore, luceneDoc);
    }
}
