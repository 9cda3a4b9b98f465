package dev.course.engine.contrastive;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContrastiveTest {

    @Test
    void theLossOfTwoPairsIsTheMeanCrossEntropyOfTheirRows() {
        float[][] queries = {{1, 0}, {0, 1}};
        float[][] passages = {{1, 0}, {0.6f, 0.8f}};
        var loss = InBatchLoss.of(queries, passages, 1.0);
        // row 0: scores 1, 0.6; row 1: scores 0, 0.8
        double row0 = -Math.log(Math.exp(1) / (Math.exp(1) + Math.exp(0.6)));
        double row1 = -Math.log(Math.exp(0.8) / (Math.exp(0) + Math.exp(0.8)));
        assertEquals((row0 + row1) / 2, loss.loss(), 1e-7);   // 0.6f and 0.8f are floats
        assertEquals(1.0, loss.accuracy());
        assertEquals(1.0, loss.probabilities()[0][0] + loss.probabilities()[0][1], 1e-12);
    }

    @Test
    void aSharpTemperatureDoesNotOverflow() {
        float[][] queries = {{1, 0}, {0, 1}};
        float[][] passages = {{1, 0}, {0, 1}};
        var loss = InBatchLoss.of(queries, passages, 1e-4);   // scores / t = 10,000
        assertEquals(0.0, loss.loss(), 1e-9);
        assertTrue(Double.isFinite(loss.loss()));
    }

    @Test
    void aCopyOfTheAnswerIsNotANegative() {
        float[][] queries = {{1, 0}, {1, 0}};
        float[][] passages = {{1, 0}, {1, 0}};
        var unmasked = InBatchLoss.of(queries, passages, 0.05);
        assertEquals(Math.log(2), unmasked.loss(), 1e-9, "two identical passages split the probability");
        var masked = InBatchLoss.of(queries, passages, List.of("String#strip()", "String#strip()"), 0.05);
        assertEquals(0.0, masked.loss(), 1e-9);
    }

    @Test
    void theGradientMatchesFiniteDifferences() {
        var random = new Random(7);
        int d = 5;
        var batch = new ArrayList<TrainingPair>();
        for (int i = 0; i < 4; i++) {
            batch.add(new TrainingPair(unit(random, d), "p" + i, unit(random, d), "n" + i, unit(random, d)));
        }
        float[][] w = new float[d][d];
        for (int r = 0; r < d; r++) for (int c = 0; c < d; c++) w[r][c] = (r == c ? 1 : 0) + 0.1f * (float) random.nextGaussian();
        double[][] gradient = new double[d][d];
        QueryAdapter.lossAndGradient(w, batch, 0.5, gradient);
        double h = 1e-3;
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                float kept = w[r][c];
                w[r][c] = kept + (float) h;
                double up = QueryAdapter.lossAndGradient(w, batch, 0.5, new double[d][d]);
                w[r][c] = kept - (float) h;
                double down = QueryAdapter.lossAndGradient(w, batch, 0.5, new double[d][d]);
                w[r][c] = kept;
                assertEquals((up - down) / (2 * h), gradient[r][c], 2e-3, "dL/dW[" + r + "][" + c + "]");
            }
        }
    }

    @Test
    void trainingPullsEachQueryTowardsItsOwnPassage() {
        var random = new Random(3);
        int d = 16;
        var pairs = new ArrayList<TrainingPair>();
        for (int i = 0; i < 40; i++) {
            // the query is a scrambled view of its passage: a fixed rotation of the coordinates plus noise
            float[] passage = unit(random, d);
            float[] query = new float[d];
            for (int k = 0; k < d; k++) query[k] = passage[(k + 5) % d] + 0.05f * (float) random.nextGaussian();
            pairs.add(new TrainingPair(query, "p" + i, passage));
        }
        var adapter = QueryAdapter.train(pairs, new QueryAdapter.Options(60, 10, 0.05, 0.1, 0.0, 42));
        List<Double> losses = adapter.lossPerEpoch();
        assertEquals(60, losses.size());
        assertTrue(losses.getLast() < losses.getFirst() / 3, "loss " + losses.getFirst() + " -> " + losses.getLast());
        float[][] adapted = pairs.stream().map(p -> adapter.apply(p.query())).toArray(float[][]::new);
        float[][] passages = pairs.stream().map(TrainingPair::positive).toArray(float[][]::new);
        float[][] raw = pairs.stream().map(TrainingPair::query).toArray(float[][]::new);
        double before = InBatchLoss.of(raw, passages, 0.1).accuracy(), after = InBatchLoss.of(adapted, passages, 0.1).accuracy();
        assertTrue(after > 0.9 && after > before, "in-batch accuracy " + before + " -> " + after);
    }

    @Test
    void theIdentityAdapterChangesNothingAndBadInputIsRefused() {
        float[] v = {0.6f, 0.8f};
        assertEquals(List.of(0.6f, 0.8f), List.of(QueryAdapter.identity(2).apply(v)[0], QueryAdapter.identity(2).apply(v)[1]));
        assertThrows(IllegalArgumentException.class, () -> new QueryAdapter.Options(1, 1, 0.1, 0.05, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> QueryAdapter.train(List.of(new TrainingPair(v, "a", v))));
        assertThrows(IllegalArgumentException.class, () -> new TrainingPair(v, "a", v, "b", null));
        assertThrows(IllegalArgumentException.class, () -> InBatchLoss.of(new float[][]{v}, new float[][]{v}, 0));
    }

    private static float[] unit(Random random, int d) {
        float[] v = new float[d];
        double norm = 0;
        for (int k = 0; k < d; k++) {
            v[k] = (float) random.nextGaussian();
            norm += v[k] * v[k];
        }
        for (int k = 0; k < d; k++) v[k] /= (float) Math.sqrt(norm);
        return v;
    }
}
