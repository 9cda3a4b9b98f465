package dev.course.engine.classify;

import dev.course.engine.embed.EmbeddingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One labelled text and its embedding: the unit that classifiers learn from and are tested on.
 *
 * @param text   what was embedded
 * @param label  the right answer
 * @param vector the text's embedding
 */
public record Example(String text, String label, float[] vector) {

    public Example {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(vector, "vector");
        if (label.isBlank()) {
            throw new IllegalArgumentException("an example needs a label; got a blank one for: " + text);
        }
    }

    /**
     * Embeds every item's text with {@code model} (in one batch) and pairs it with the item's label.
     *
     * @param items the things to classify, in any order
     * @param text  what to embed of each item
     * @param label the right answer for each item
     */
    public static <T> List<Example> embed(List<T> items, Function<T, String> text, Function<T, String> label,
                                          EmbeddingModel model) {
        List<String> texts = items.stream().map(text).toList();
        List<float[]> vectors = model.embedAll(texts);
        var examples = new ArrayList<Example>(items.size());
        for (int i = 0; i < items.size(); i++) {
            examples.add(new Example(texts.get(i), label.apply(items.get(i)), vectors.get(i)));
        }
        return List.copyOf(examples);
    }

    /**
     * Every other example for training, the rest for testing. Deterministic, so every run and every
     * learner gets the same split, and each label keeps about half its examples on each side when
     * examples of one label sit next to each other.
     */
    public static Split alternate(List<Example> examples) {
        var train = new ArrayList<Example>();
        var test = new ArrayList<Example>();
        for (int i = 0; i < examples.size(); i++) {
            (i % 2 == 0 ? train : test).add(examples.get(i));
        }
        return new Split(train, test);
    }

    /** Examples to learn from and examples held out to measure on: never measure on what was learned. */
    public record Split(List<Example> train, List<Example> test) {
        public Split {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }

    @Override
    public String toString() {
        return label + ": " + text;
    }
}
