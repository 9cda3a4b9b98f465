package dev.course.engine.search;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;

import java.util.List;
import java.util.Objects;

/**
 * Dense search with pseudo-relevance feedback on the vectors themselves (Rocchio's formula): search
 * once, take the vectors of the top {@code fbDocs} chunks, move the query vector towards their mean,
 * and search again:
 * <pre>
 * q' = normalise(originalQueryWeight * q + (1 - originalQueryWeight) * mean(top fbDocs vectors))
 * </pre>
 * It is RM3's idea without words: the first results say what the relevant region of the space looks
 * like, and the query is pulled into it. As with RM3, the original query's share keeps it from
 * drifting to whatever the top documents happen to be about; and as with RM3, it pays only when the
 * first search is roughly right.
 *
 * <p>The defaults (3 documents, half the original query) were chosen on the development half of
 * Cranfield's queries ({@code dev.course.engine.eval.DevTestSplit}) and never on its test half.
 */
public final class VectorFeedbackRetriever implements Retriever {

    public static final int DEFAULT_FB_DOCS = 3;
    public static final double DEFAULT_ORIGINAL_QUERY_WEIGHT = 0.5;

    private final ChunkIndex index;
    private final EmbeddingModel model;
    private final VectorRetriever dense;
    private final int fbDocs;
    private final double originalQueryWeight;

    /** Feedback with the defaults. */
    public VectorFeedbackRetriever(ChunkIndex index, EmbeddingModel model) {
        this(index, model, DEFAULT_FB_DOCS, DEFAULT_ORIGINAL_QUERY_WEIGHT);
    }

    /**
     * @param fbDocs              how many of the first search's top chunks pull the query, >= 1
     * @param originalQueryWeight the original query's share of the new one, in [0, 1]
     */
    public VectorFeedbackRetriever(ChunkIndex index, EmbeddingModel model, int fbDocs, double originalQueryWeight) {
        this.index = Objects.requireNonNull(index, "index");
        this.model = Objects.requireNonNull(model, "model");
        if (fbDocs < 1) {
            throw new IllegalArgumentException("fbDocs must be >= 1, got " + fbDocs);
        }
        if (!(originalQueryWeight >= 0 && originalQueryWeight <= 1)) {
            throw new IllegalArgumentException("originalQueryWeight must be in [0, 1], got " + originalQueryWeight);
        }
        this.dense = new VectorRetriever(index, model);
        this.fbDocs = fbDocs;
        this.originalQueryWeight = originalQueryWeight;
    }

    @Override
    public String name() {
        return dense.name() + "+prf(fbDocs=" + fbDocs + ", originalQueryWeight=" + originalQueryWeight + ")";
    }

    /** The moved query vector, unit length: what the second search looks for. */
    public float[] expand(String query) {
        float[] original = model.embedQuery(query);
        List<Hit> feedback = dense.search(query, original, fbDocs).hits();
        if (feedback.isEmpty()) {
            return original;
        }
        float[][] vectors = index.vectors();
        double[] moved = new double[original.length];
        for (int i = 0; i < original.length; i++) {
            moved[i] = originalQueryWeight * original[i];
        }
        double share = (1 - originalQueryWeight) / feedback.size();
        for (Hit hit : feedback) {
            float[] vector = vectors[hit.luceneDoc()];
            for (int i = 0; i < moved.length; i++) {
                moved[i] += share * vector[i];
            }
        }
        double norm = 0;
        for (double x : moved) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[moved.length];
        for (int i = 0; i < moved.length; i++) {
            unit[i] = norm == 0 ? original[i] : (float) (moved[i] / norm);
        }
        return unit;
    }

    @Override
    public SearchResults search(String query, int k) {
        return new SearchResults(query, name(), dense.search(query, expand(query), k).hits());
    }
}
