package dev.course.engine.rag;

/**
 * How much each of the {@link PassageSignals} counts when {@link ExtractiveAnswerer} chooses the
 * passage that answers: its score is the weighted sum. Named, so that another weighting can be
 * compared with the answerer's on the same passages ({@code PassageWeightsFitTest}).
 */
record PassageWeights(double context, double closestSentence, double words, double title, double rank, double recap,
                      double unaskedNameWords) {

    /** The answerer's weights until 2026-12-07 (answers5): the passage's cosine counted as much as each other signal. */
    static final PassageWeights EQUAL_CONTEXT = new PassageWeights(1, 1, 1, 1, ExtractiveAnswerer.RANK_PRIOR,
            -ExtractiveAnswerer.RECAP_PENALTY, -ExtractiveAnswerer.NARROWER_MEMBER_PENALTY);

    /** The answerer's weights: {@link ExtractiveAnswerer#CONTEXT_WEIGHT} for the passage's cosine, the rest as before. */
    static final PassageWeights DEFAULT = EQUAL_CONTEXT.withContext(ExtractiveAnswerer.CONTEXT_WEIGHT);

    /** These weights with {@code weight} for the passage's cosine. */
    PassageWeights withContext(double weight) {
        return new PassageWeights(weight, closestSentence, words, title, rank, recap, unaskedNameWords);
    }

    /** The weighted sum of {@code s}. */
    double score(PassageSignals s) {
        double[] w = {context, closestSentence, words, title, rank, recap, unaskedNameWords};
        double[] x = s.values();
        double sum = 0;
        for (int i = 0; i < w.length; i++) sum += w[i] * x[i];
        return sum;
    }
}
