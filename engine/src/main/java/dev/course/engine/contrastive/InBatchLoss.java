package dev.course.engine.contrastive;

import java.util.List;
import java.util.Objects;

/**
 * The contrastive loss of one batch with in-batch negatives (InfoNCE, as in DPR and Sentence-BERT's
 * MultipleNegativesRankingLoss): every query is scored against every passage of the batch, the
 * scores divided by a temperature go through a softmax per query, and the loss is the mean of
 * {@code -log p(query's own passage)}.
 *
 * <p>Row {@code i} of the batch is query {@code i}; its positive is column {@code i}. Columns after
 * the first {@code batch} ones are extra passages (hard negatives) that every query sees. A column
 * holding the same document as query {@code i}'s positive is masked out of row {@code i}: it is not a
 * negative, only a copy of the answer.
 *
 * @param scores        {@code scores[i][j]}, query i's dot product with passage j (before the temperature)
 * @param probabilities the softmax of each row of {@code scores / temperature}, 0 where masked
 * @param loss          the mean over queries of {@code -log probabilities[i][i]}
 * @param accuracy      the fraction of queries whose own passage has the highest score
 * @param temperature   the divisor of the scores; small values make the softmax sharp
 */
public record InBatchLoss(double[][] scores, double[][] probabilities, double loss, double accuracy, double temperature) {

    /** The temperature sentence-transformers uses (its scale of 20 is 1 / 0.05). */
    public static final double DEFAULT_TEMPERATURE = 0.05;

    /** The loss of a batch of queries against passages, passage {@code i} answering query {@code i}, nothing masked. */
    public static InBatchLoss of(float[][] queries, float[][] passages, double temperature) {
        return of(queries, passages, null, temperature);
    }

    /**
     * @param passageIds one id per passage, or null; a column whose id equals column {@code i}'s is
     *                   masked out of row {@code i}
     */
    public static InBatchLoss of(float[][] queries, float[][] passages, List<String> passageIds, double temperature) {
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(passages, "passages");
        if (queries.length == 0 || passages.length < queries.length) {
            throw new IllegalArgumentException("need at least one query and a passage per query, got "
                    + queries.length + " queries and " + passages.length + " passages");
        }
        if (passageIds != null && passageIds.size() != passages.length) {
            throw new IllegalArgumentException(passages.length + " passages but " + passageIds.size() + " ids");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        int batch = queries.length, columns = passages.length;
        double[][] scores = new double[batch][columns];
        double[][] probabilities = new double[batch][columns];
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < batch; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < columns; j++) {
                scores[i][j] = dot(queries[i], passages[j]);
                if (!masked(passageIds, i, j)) {
                    max = Math.max(max, scores[i][j] / temperature);
                }
            }
            double sum = 0;
            boolean ownIsBest = true;
            for (int j = 0; j < columns; j++) {
                if (masked(passageIds, i, j)) continue;
                probabilities[i][j] = Math.exp(scores[i][j] / temperature - max);   // minus max: no overflow
                sum += probabilities[i][j];
                if (j != i && scores[i][j] >= scores[i][i]) ownIsBest = false;
            }
            for (int j = 0; j < columns; j++) {
                probabilities[i][j] /= sum;
            }
            loss -= Math.log(probabilities[i][i]);
            if (ownIsBest) correct++;
        }
        return new InBatchLoss(scores, probabilities, loss / batch, (double) correct / batch, temperature);
    }

    /** Whether column {@code j} is left out of row {@code i}: another copy of row i's own passage. */
    static boolean masked(List<String> passageIds, int i, int j) {
        return passageIds != null && j != i && passageIds.get(j).equals(passageIds.get(i));
    }

    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (double) a[d] * b[d];
        }
        return sum;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "InBatchLoss[%d queries x %d passages, temperature %.3f: loss %.4f, accuracy %.3f]",
                scores.length, scores.length == 0 ? 0 : scores[0].length, temperature, loss, accuracy);
    }
}
