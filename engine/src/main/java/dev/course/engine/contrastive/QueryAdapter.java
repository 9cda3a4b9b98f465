package dev.course.engine.contrastive;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.ExactVectorRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.SearchResults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The smallest model that learns from a contrastive loss: one square matrix {@code W} applied to
 * query vectors, {@code q' = W q}, trained so that each training query moves towards its answer and
 * away from the other passages of its batch ({@link InBatchLoss}).
 *
 * <p>Only queries change, so documents keep the vectors they were indexed with: an adapter can be
 * trained on a few hundred pairs in seconds and put in front of an existing index. {@code W} starts
 * as the identity (the adapter changes nothing until it has learned something) and a penalty pulls
 * it back towards the identity, so what little data there is bends the space instead of replacing it.
 *
 * <p>The gradient, written out because it is the whole algorithm: with {@code s_ij = (W q_i) · p_j / t}
 * and {@code P} the row-wise softmax of {@code s}, the loss {@code L = -(1/B) sum_i log P_ii} has
 * {@code dL/dW = (1/(B t)) sum_i r_i q_i^T} where {@code r_i = sum_j (P_ij - [i = j]) p_j}: each query
 * is pushed towards its own passage and away from the others, weighted by how much probability they
 * took. Plain mini-batch gradient descent follows it. The batches are shuffled with a fixed seed, so a
 * run repeats exactly.
 */
public final class QueryAdapter {

    /**
     * How to train.
     *
     * @param epochs          passes over the training pairs
     * @param batchSize       pairs per batch: each query's negatives are the other passages of its batch
     * @param learningRate    the step along the gradient
     * @param temperature     see {@link InBatchLoss}
     * @param pullToIdentity  the weight of the penalty {@code ||W - I||^2 / 2}
     * @param seed            the seed of the shuffles
     */
    public record Options(int epochs, int batchSize, double learningRate, double temperature, double pullToIdentity, long seed) {

        public static final Options DEFAULTS = new Options(40, 16, 0.05, InBatchLoss.DEFAULT_TEMPERATURE, 0.01, 42);

        public Options {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            if (batchSize < 2) throw new IllegalArgumentException("batchSize must be >= 2 (a batch of one has no negatives), got " + batchSize);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
            if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
            if (!(pullToIdentity >= 0)) throw new IllegalArgumentException("pullToIdentity must be >= 0, got " + pullToIdentity);
        }

        public Options withEpochs(int newEpochs) {
            return new Options(newEpochs, batchSize, learningRate, temperature, pullToIdentity, seed);
        }
    }

    private final float[][] weights;
    private final List<Double> lossPerEpoch;

    private QueryAdapter(float[][] weights, List<Double> lossPerEpoch) {
        this.weights = weights;
        this.lossPerEpoch = List.copyOf(lossPerEpoch);
    }

    /** The adapter that changes nothing. */
    public static QueryAdapter identity(int dimension) {
        return new QueryAdapter(identityMatrix(dimension), List.of());
    }

    /** Trains with {@link Options#DEFAULTS}. */
    public static QueryAdapter train(List<TrainingPair> pairs) {
        return train(pairs, Options.DEFAULTS);
    }

    public static QueryAdapter train(List<TrainingPair> pairs, Options options) {
        Objects.requireNonNull(options, "options");
        if (pairs == null || pairs.size() < 2) {
            throw new IllegalArgumentException("need at least two training pairs (each one's negatives are the others)");
        }
        int d = pairs.getFirst().query().length;
        for (TrainingPair pair : pairs) {
            if (pair.query().length != d) {
                throw new IllegalArgumentException("all pairs need " + d + " dimensions, one has " + pair.query().length);
            }
        }
        float[][] w = identityMatrix(d);
        var order = new ArrayList<>(pairs);
        var random = new Random(options.seed());
        var losses = new ArrayList<Double>();
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            Collections.shuffle(order, random);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.size(); start += options.batchSize()) {
                List<TrainingPair> batch = order.subList(start, Math.min(order.size(), start + options.batchSize()));
                if (batch.size() < 2) continue;                    // a lone last pair has no negatives
                lossSum += step(w, batch, options);
                batches++;
            }
            losses.add(lossSum / batches);
        }
        return new QueryAdapter(w, losses);
    }

    /** One gradient step on one batch; returns the batch's loss before the step. */
    private static double step(float[][] w, List<TrainingPair> batch, Options options) {
        var gradient = new double[w.length][w.length];
        double loss = lossAndGradient(w, batch, options.temperature(), gradient);
        for (int row = 0; row < w.length; row++) {
            for (int col = 0; col < w.length; col++) {
                double pull = options.pullToIdentity() * (w[row][col] - (row == col ? 1 : 0));
                w[row][col] -= (float) (options.learningRate() * (gradient[row][col] + pull));
            }
        }
        return loss;
    }

    /**
     * The batch's contrastive loss with {@code W} applied to its queries, and (added into
     * {@code gradient}) its derivative with respect to {@code W}. Package-private for the test that
     * checks it against finite differences.
     */
    static double lossAndGradient(float[][] w, List<TrainingPair> batch, double temperature, double[][] gradient) {
        int b = batch.size(), d = w.length;
        float[][] adapted = new float[b][];
        var passages = new ArrayList<float[]>();
        var ids = new ArrayList<String>();
        for (int i = 0; i < b; i++) {
            adapted[i] = multiply(w, batch.get(i).query());
            passages.add(batch.get(i).positive());
            ids.add(batch.get(i).positiveId());
        }
        for (TrainingPair pair : batch) {
            if (pair.hasNegative()) {
                passages.add(pair.negative());
                ids.add(pair.negativeId());
            }
        }
        InBatchLoss loss = InBatchLoss.of(adapted, passages.toArray(float[][]::new), ids, temperature);
        for (int i = 0; i < b; i++) {
            double[] r = new double[d];                          // r_i = sum_j (P_ij - [i = j]) p_j
            for (int j = 0; j < passages.size(); j++) {
                double weight = loss.probabilities()[i][j] - (i == j ? 1 : 0);
                if (weight == 0) continue;
                float[] p = passages.get(j);
                for (int k = 0; k < d; k++) r[k] += weight * p[k];
            }
            float[] q = batch.get(i).query();
            for (int row = 0; row < d; row++) {
                double scaled = r[row] / (b * temperature);
                if (scaled == 0) continue;
                double[] g = gradient[row];
                for (int col = 0; col < d; col++) g[col] += scaled * q[col];
            }
        }
        return loss.loss();
    }

    /** {@code W q}. The length changes a little; a ranking by dot product with unit passages does not care. */
    public float[] apply(float[] query) {
        if (query.length != weights.length) {
            throw new IllegalArgumentException("the adapter takes " + weights.length + " dimensions, got " + query.length);
        }
        return multiply(weights, query);
    }

    /** The mean training loss of each epoch, first to last. */
    public List<Double> lossPerEpoch() {
        return lossPerEpoch;
    }

    /** How far training moved {@code W}: the Frobenius norm of {@code W - I}. */
    public double distanceFromIdentity() {
        double sum = 0;
        for (int row = 0; row < weights.length; row++) {
            for (int col = 0; col < weights.length; col++) {
                double diff = weights[row][col] - (row == col ? 1 : 0);
                sum += diff * diff;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Exact vector search over {@code index} with queries embedded by {@code model} and then adapted;
     * the index's vectors are used as they are.
     */
    public Retriever retriever(ChunkIndex index, EmbeddingModel model) {
        var exact = new ExactVectorRetriever(index, model);
        return new Retriever() {
            @Override
            public SearchResults search(String query, int k) {
                return exact.search(query, apply(model.embedQuery(query)), k);
            }

            @Override
            public String name() {
                return "adapted(" + exact.name() + ")";
            }
        };
    }

    private static float[] multiply(float[][] w, float[] v) {
        float[] out = new float[w.length];
        for (int row = 0; row < w.length; row++) {
            double sum = 0;
            float[] wr = w[row];
            for (int col = 0; col < v.length; col++) sum += (double) wr[col] * v[col];
            out[row] = (float) sum;
        }
        return out;
    }

    private static float[][] identityMatrix(int d) {
        if (d < 1) throw new IllegalArgumentException("dimension must be >= 1, got " + d);
        float[][] w = new float[d][d];
        for (int i = 0; i < d; i++) w[i][i] = 1;
        return w;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "QueryAdapter[%d x %d, %d epochs, |W - I| = %.3f]",
                weights.length, weights.length, lossPerEpoch.size(), distanceFromIdentity());
    }
}
