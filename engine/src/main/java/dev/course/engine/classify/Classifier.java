package dev.course.engine.classify;

import java.util.List;

/**
 * Anything that puts a label on an embedding. Implement {@link #predict}; accuracy and the
 * confusion matrix come for free.
 */
public interface Classifier {

    /** The label this classifier gives to a text with embedding {@code vector}. */
    String predict(float[] vector);

    /** The share of {@code test} examples whose label is predicted right, 0 to 1. */
    default double accuracy(List<Example> test) {
        if (test.isEmpty()) {
            throw new IllegalArgumentException("accuracy needs at least one test example");
        }
        long right = test.stream().filter(e -> predict(e.vector()).equals(e.label())).count();
        return (double) right / test.size();
    }

    /** Which labels are taken for which: rows are the right labels, columns the predicted ones. */
    default ConfusionMatrix confusion(List<Example> test) {
        return ConfusionMatrix.of(this, test);
    }
}
