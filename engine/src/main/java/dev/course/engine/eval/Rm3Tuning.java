package dev.course.engine.eval;

import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Rm3Retriever;

import java.util.List;
import java.util.Objects;

/**
 * Chooses RM3's three parameters (how many feedback documents, how many expansion terms, how much
 * of the original query to keep) on development queries: every setting of a small grid is scored by
 * mean nDCG@10 on {@code dev}, and the best wins; ties go to the setting tried first.
 *
 * <p>The grid spans the values the literature uses (Anserini's defaults, 10 / 10 / 0.5, are on it).
 * The chosen setting must then be measured on other queries (see {@link DevTestSplit}): on the
 * queries that chose it, it always looks better than it is.
 */
public final class Rm3Tuning {

    /** The feedback-document counts tried. */
    public static final List<Integer> FB_DOCS = List.of(3, 5, 10, 20);
    /** The expansion-term counts tried. */
    public static final List<Integer> FB_TERMS = List.of(10, 20, 40);
    /** The original-query weights tried. */
    public static final List<Double> ORIGINAL_QUERY_WEIGHTS = List.of(0.3, 0.5, 0.7);

    /** A setting and the development score that chose it. */
    public record Choice(int fbDocs, int fbTerms, double originalQueryWeight, double devNdcg10) {

        /** RM3 over {@code index} with this setting. */
        public Rm3Retriever retriever(ChunkIndex index) {
            return new Rm3Retriever(index, fbDocs, fbTerms, originalQueryWeight);
        }
    }

    private Rm3Tuning() {
    }

    /** The setting of the grid with the highest mean nDCG@10 on {@code dev}, searching {@code index}. */
    public static Choice choose(Dataset dev, ChunkIndex index) {
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(index, "index");
        if (dev.queries().isEmpty()) {
            throw new IllegalArgumentException("choosing RM3's parameters needs development queries, got none");
        }
        Choice best = null;
        for (int fbDocs : FB_DOCS) {
            for (int fbTerms : FB_TERMS) {
                for (double weight : ORIGINAL_QUERY_WEIGHTS) {
                    var rm3 = new Rm3Retriever(index, fbDocs, fbTerms, weight);
                    double ndcg = PipelineEvaluation.evaluate(dev, rm3).ndcg10();
                    if (best == null || ndcg > best.devNdcg10()) {
                        best = new Choice(fbDocs, fbTerms, weight, ndcg);
                    }
                }
            }
        }
        return best;
    }
}
