package dev.course.engine.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Multinomial logistic regression: one weight vector per label, trained so that
 * {@code softmax(W x + b)} puts high probability on each training example's label.
 *
 * <p>Where k-NN keeps every example, this keeps one direction per label in embedding space, learned
 * from all of them: the direction along which "java.time" texts differ from the rest, say. Training
 * is plain full-batch gradient descent on the cross-entropy, with an L2 penalty that keeps the
 * weights small (a little data in 384 dimensions is easy to overfit). Weights start at zero, so
 * training is deterministic: the same examples always give the same model.
 */
public final class SoftmaxRegression implements Classifier {

    /**
     * How to train.
     *
     * @param epochs       passes over the training set
     * @param learningRate the step along the gradient
     * @param l2           the weight of the penalty on squared weights
     */
    public record Options(int epochs, double learningRate, double l2) {
        public static final Options DEFAULTS = new Options(300, 2.0, 1e-3);

        public Options {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
            }
            if (!(l2 >= 0)) {
                throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
            }
        }
    }

    private final List<String> labels;
    private final double[][] weights;
    private final double[] bias;
    private final List<Double> trainingLoss;

    private SoftmaxRegression(List<String> labels, double[][] weights, double[] bias, List<Double> trainingLoss) {
        this.labels = labels;
        this.weights = weights;
        this.bias = bias;
        this.trainingLoss = List.copyOf(trainingLoss);
    }

    /** Trains with {@link Options#DEFAULTS}. */
    public static SoftmaxRegression train(List<Example> train) {
        return train(train, Options.DEFAULTS);
    }

    public static SoftmaxRegression train(List<Example> train, Options options) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("nothing to learn from: give at least one training example");
        }
        List<String> labels = List.copyOf(new TreeSet<>(train.stream().map(Example::label).toList()));
        int dim = train.getFirst().vector().length;
        int n = train.size();
        double[][] w = new double[labels.size()][dim];
        double[] b = new double[labels.size()];
        var losses = new ArrayList<Double>();
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            double[][] gradW = new double[labels.size()][dim];
            double[] gradB = new double[labels.size()];
            double loss = 0;
            for (Example example : train) {
                double[] p = probabilities(w, b, example.vector());
                int right = labels.indexOf(example.label());
                loss -= Math.log(Math.max(p[right], 1e-12));
                for (int c = 0; c < labels.size(); c++) {
                    double error = p[c] - (c == right ? 1 : 0);      // d(cross-entropy)/d(logit c)
                    gradB[c] += error;
                    for (int d = 0; d < dim; d++) {
                        gradW[c][d] += error * example.vector()[d];
                    }
                }
            }
            losses.add(loss / n);
            for (int c = 0; c < labels.size(); c++) {
                b[c] -= options.learningRate() * gradB[c] / n;
                for (int d = 0; d < dim; d++) {
                    w[c][d] -= options.learningRate() * (gradW[c][d] / n + options.l2() * w[c][d]);
                }
            }
        }
        return new SoftmaxRegression(labels, w, b, losses);
    }

    /** softmax(W x + b), computed stably (the largest logit subtracted first). */
    private static double[] probabilities(double[][] w, double[] b, float[] x) {
        double[] logits = new double[b.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < b.length; c++) {
            double z = b[c];
            for (int d = 0; d < x.length; d++) {
                z += w[c][d] * x[d];
            }
            logits[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] /= sum;
        }
        return logits;
    }

    /** The probability of each label (in {@link #labels()} order) for {@code vector}. */
    public double[] probabilities(float[] vector) {
        if (vector.length != weights[0].length) {
            throw new IllegalArgumentException("the model was trained on " + weights[0].length
                    + "-dimensional vectors, got " + vector.length);
        }
        return probabilities(weights, bias, vector);
    }

    @Override
    public String predict(float[] vector) {
        double[] p = probabilities(vector);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return labels.get(best);
    }

    /** The labels seen in training, in alphabetical order. */
    public List<String> labels() {
        return labels;
    }

    /** The mean cross-entropy on the training set before each epoch's step: it should fall. */
    public List<Double> trainingLoss() {
        return trainingLoss;
    }

    @Override
    public String toString() {
        return "softmax-regression(" + labels.size() + " labels)";
    }
}
