package dev.course.engine.rag;

/**
 * What {@link ExtractiveAnswerer} knows about one retrieved passage when it decides which passage
 * answers; {@link PassageWeights} turns them into a score.
 *
 * @param context          cosine of its title and text to the question (word overlap without a model)
 * @param closestSentence  the similarity of its closest candidate sentence
 * @param words            the question's words it contains, plain and rarity-weighted shares averaged
 * @param title            the share of the question's words in its title
 * @param rank             1 / its number: retrieval found it first (1), second (0.5), ...
 * @param recap            1 for a lesson's closing recap, else 0
 * @param unaskedNameWords words of a code member's name that the question does not use, beyond the first
 */
record PassageSignals(double context, double closestSentence, double words, double title, double rank, double recap,
                      double unaskedNameWords) {

    /** The signals in the order of {@link PassageWeights}' components. */
    double[] values() {
        return new double[] {context, closestSentence, words, title, rank, recap, unaskedNameWords};
    }
}
