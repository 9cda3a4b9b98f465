package dev.course.engine.contrastive;

import java.util.Objects;

/**
 * One training example for contrastive learning: a query, the passage that answers it, and
 * optionally a hard negative, a passage that looks right (a search engine ranked it high) but is not.
 *
 * <p>The ids say which passages are the same document, so that a batch never uses a query's own
 * answer as one of its negatives (two questions can share an answer).
 *
 * @param query        the query's vector
 * @param positiveId   the answering passage's document id
 * @param positive     its vector
 * @param negativeId   the hard negative's document id, or null for none
 * @param negative     its vector, or null for none
 */
public record TrainingPair(float[] query, String positiveId, float[] positive, String negativeId, float[] negative) {

    public TrainingPair {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(positiveId, "positiveId");
        Objects.requireNonNull(positive, "positive");
        if (query.length != positive.length) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, positive " + positive.length);
        }
        if ((negativeId == null) != (negative == null)) {
            throw new IllegalArgumentException("give both the hard negative's id and its vector, or neither");
        }
        if (negative != null && negative.length != query.length) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, negative " + negative.length);
        }
    }

    /** A pair without a hard negative. */
    public TrainingPair(float[] query, String positiveId, float[] positive) {
        this(query, positiveId, positive, null, null);
    }

    public boolean hasNegative() {
        return negative != null;
    }
}
