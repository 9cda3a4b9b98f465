package dev.course.engine.classify;

import dev.course.engine.embed.VectorMath;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * k nearest neighbours: find the {@code k} training examples whose embeddings are most similar
 * (cosine) to the new one and let them vote. Nothing is learned; the training set <em>is</em> the
 * model. It is semantic search with a vote at the end.
 *
 * <p>Ties in the vote go to the label whose voters are more similar in total, then to the label
 * first in alphabetical order, so the answer never depends on the order of the training set.
 */
public final class KnnClassifier implements Classifier {

    /** An odd number, so that two labels cannot tie with all votes. */
    public static final int DEFAULT_K = 5;

    private final List<Example> train;
    private final int k;

    public KnnClassifier(List<Example> train) {
        this(train, DEFAULT_K);
    }

    public KnnClassifier(List<Example> train, int k) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("k-NN needs training examples to ask; got none");
        }
        if (k < 1 || k > train.size()) {
            throw new IllegalArgumentException("k must be between 1 and the " + train.size() + " training examples, got " + k);
        }
        this.train = List.copyOf(train);
        this.k = k;
    }

    @Override
    public String predict(float[] vector) {
        double[] similarity = train.stream().mapToDouble(e -> VectorMath.cosine(vector, e.vector())).toArray();
        int[] nearest = IntStream.range(0, train.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -similarity[i]).thenComparing(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        Map<String, double[]> votes = new TreeMap<>();       // label -> {count, summed similarity}
        for (int i : nearest) {
            double[] v = votes.computeIfAbsent(train.get(i).label(), label -> new double[2]);
            v[0]++;
            v[1] += similarity[i];
        }
        return votes.entrySet().stream()
                .max(Comparator.<Map.Entry<String, double[]>>comparingDouble(e -> e.getValue()[0])
                        .thenComparingDouble(e -> e.getValue()[1])
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
    }

    @Override
    public String toString() {
        return "knn(k=" + k + ")";
    }
}
