package dev.course.engine.classify;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.embed.VectorMath;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification without a single labelled example: describe each label in a sentence, embed the
 * descriptions, and give a text the label whose description it is most similar to. It is the same
 * move a RAG system's router makes when it sends a question to the index (or tool) whose
 * description fits it best.
 *
 * <p>It works as well as the descriptions say what the texts say, no better: a description in the
 * texts' own vocabulary beats a clever one.
 */
public final class ZeroShotClassifier implements Classifier {

    private final Map<String, float[]> labelVectors;

    /** Labels with the embedding of their descriptions. */
    public ZeroShotClassifier(Map<String, float[]> labelVectors) {
        if (labelVectors.isEmpty()) {
            throw new IllegalArgumentException("zero-shot needs at least one label with a description");
        }
        this.labelVectors = new LinkedHashMap<>(labelVectors);
    }

    /** Embeds each label's description (as a query would be embedded) with {@code model}. */
    public static ZeroShotClassifier of(Map<String, String> descriptions, EmbeddingModel model) {
        List<String> labels = List.copyOf(descriptions.keySet());
        List<float[]> vectors = model.embedQueries(labels.stream().map(descriptions::get).toList());
        var labelVectors = new LinkedHashMap<String, float[]>();
        for (int i = 0; i < labels.size(); i++) {
            labelVectors.put(labels.get(i), vectors.get(i));
        }
        return new ZeroShotClassifier(labelVectors);
    }

    @Override
    public String predict(float[] vector) {
        String best = null;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (var label : labelVectors.entrySet()) {
            double similarity = VectorMath.cosine(vector, label.getValue());
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = label.getKey();
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "zero-shot(" + labelVectors.size() + " descriptions)";
    }
}
