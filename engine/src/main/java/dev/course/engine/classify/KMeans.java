package dev.course.engine.classify;

import dev.course.engine.embed.VectorMath;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * k-means: find {@code k} centres so that every vector is close to its nearest centre, with no labels.
 *
 * <p>Lloyd's algorithm alternates two steps until nothing moves: give each vector to its most
 * similar centre, then move each centre to the mean of its vectors. Similarity is the cosine (the
 * centres are kept at length 1), as everywhere else embeddings are compared; this is sometimes
 * called spherical k-means. The first centres are chosen by k-means++: the first at random, each
 * next one with a probability that grows with its distance from the centres chosen so far, so the
 * start is spread out. The random generator is seeded, so a run is repeatable.
 */
public final class KMeans {

    public static final int DEFAULT_MAX_ITERATIONS = 100;
    public static final long DEFAULT_SEED = 42;

    private KMeans() {
    }

    /**
     * The result of a run.
     *
     * @param assignment the cluster of each vector, 0 to k-1
     * @param centres    each cluster's centre (length 1)
     * @param iterations how many assign-and-move rounds ran
     */
    public record Clustering(int[] assignment, List<float[]> centres, int iterations) {

        /** How many vectors each cluster holds. */
        public int[] sizes() {
            int[] sizes = new int[centres.size()];
            for (int c : assignment) {
                sizes[c]++;
            }
            return sizes;
        }

        /**
         * Purity against known labels: each cluster counts the vectors of its most common label, and
         * the counts are summed and divided by the number of vectors. 1 means every cluster holds one
         * label only; putting everything in one cluster scores the majority label's share.
         */
        public double purity(List<String> labels) {
            if (labels.size() != assignment.length) {
                throw new IllegalArgumentException(labels.size() + " labels for " + assignment.length + " vectors");
            }
            int agreeing = 0;
            for (int c = 0; c < centres.size(); c++) {
                Map<String, Integer> counts = new TreeMap<>();
                for (int i = 0; i < assignment.length; i++) {
                    if (assignment[i] == c) {
                        counts.merge(labels.get(i), 1, Integer::sum);
                    }
                }
                agreeing += counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            }
            return (double) agreeing / assignment.length;
        }

        /** The most common label in each cluster, in cluster order. */
        public List<String> majorityLabels(List<String> labels) {
            var names = new ArrayList<String>();
            for (int c = 0; c < centres.size(); c++) {
                Map<String, Integer> counts = new TreeMap<>();
                for (int i = 0; i < assignment.length; i++) {
                    if (assignment[i] == c) {
                        counts.merge(labels.get(i), 1, Integer::sum);
                    }
                }
                names.add(counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("(empty)"));
            }
            return names;
        }
    }

    /** k-means with the default seed and iteration limit. */
    public static Clustering cluster(List<float[]> vectors, int k) {
        return cluster(vectors, k, DEFAULT_SEED, DEFAULT_MAX_ITERATIONS);
    }

    public static Clustering cluster(List<float[]> vectors, int k, long seed, int maxIterations) {
        if (k < 1 || k > vectors.size()) {
            throw new IllegalArgumentException("k must be between 1 and the " + vectors.size() + " vectors, got " + k);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        List<float[]> unit = vectors.stream().map(v -> VectorMath.normalize(v.clone())).toList();
        List<float[]> centres = seeds(unit, k, new Random(seed));
        int[] assignment = new int[unit.size()];
        Arrays.fill(assignment, -1);
        int iterations = 0;
        boolean moved = true;
        while (moved && iterations < maxIterations) {
            iterations++;
            moved = false;
            for (int i = 0; i < unit.size(); i++) {
                int nearest = nearest(unit.get(i), centres);
                if (nearest != assignment[i]) {
                    assignment[i] = nearest;
                    moved = true;
                }
            }
            centres = means(unit, assignment, centres);
        }
        return new Clustering(assignment, centres, iterations);
    }

    /** k-means++: each next seed drawn with probability proportional to its squared distance from the nearest seed so far. */
    private static List<float[]> seeds(List<float[]> unit, int k, Random random) {
        var seeds = new ArrayList<float[]>();
        seeds.add(unit.get(random.nextInt(unit.size())).clone());
        double[] distance = new double[unit.size()];
        while (seeds.size() < k) {
            double total = 0;
            for (int i = 0; i < unit.size(); i++) {
                double cos = VectorMath.dot(unit.get(i), seeds.get(nearest(unit.get(i), seeds)));
                distance[i] = Math.max(0, 2 - 2 * cos);     // squared Euclidean distance of unit vectors
                total += distance[i];
            }
            int chosen = 0;
            if (total > 0) {
                double target = random.nextDouble() * total;
                while (chosen < unit.size() - 1 && (target -= distance[chosen]) > 0) {
                    chosen++;
                }
            } else {
                chosen = random.nextInt(unit.size());
            }
            seeds.add(unit.get(chosen).clone());
        }
        return seeds;
    }

    private static int nearest(float[] v, List<float[]> centres) {
        int best = 0;
        float bestSimilarity = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < centres.size(); c++) {
            float similarity = VectorMath.dot(v, centres.get(c));
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = c;
            }
        }
        return best;
    }

    /** Each cluster's mean, rescaled to length 1; an empty cluster keeps its old centre. */
    private static List<float[]> means(List<float[]> unit, int[] assignment, List<float[]> old) {
        int dim = unit.getFirst().length;
        float[][] sums = new float[old.size()][dim];
        int[] sizes = new int[old.size()];
        for (int i = 0; i < unit.size(); i++) {
            sizes[assignment[i]]++;
            for (int d = 0; d < dim; d++) {
                sums[assignment[i]][d] += unit.get(i)[d];
            }
        }
        var centres = new ArrayList<float[]>();
        for (int c = 0; c < old.size(); c++) {
            centres.add(sizes[c] == 0 ? old.get(c) : VectorMath.normalize(sums[c]));
        }
        return centres;
    }
}
