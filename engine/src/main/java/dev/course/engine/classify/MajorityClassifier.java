package dev.course.engine.classify;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Always answers the label most frequent in training. It knows nothing about the text, so its
 * accuracy is what "knowing nothing" scores on this data: the number every real classifier must beat.
 */
public final class MajorityClassifier implements Classifier {

    private final String label;

    public MajorityClassifier(List<Example> train) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the majority of no examples is undefined: give at least one");
        }
        Map<String, Integer> counts = new TreeMap<>();
        train.forEach(e -> counts.merge(e.label(), 1, Integer::sum));
        this.label = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @Override
    public String predict(float[] vector) {
        return label;
    }

    @Override
    public String toString() {
        return "majority(" + label + ")";
    }
}
