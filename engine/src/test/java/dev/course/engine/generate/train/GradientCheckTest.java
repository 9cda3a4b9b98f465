package dev.course.engine.generate.train;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every parameter's analytic gradient against central finite differences of the loss. */
class GradientCheckTest {

    static final TrainingConfig MICRO = new TrainingConfig(260, 16, 2, 4, 2, 24, 6, 1, 1, 1e-3f, 0, 0, 1, 1, 3);

    @Test
    void backwardMatchesFiniteDifferencesForEveryParameter() {
        var model = new TrainableLlama(MICRO);
        var random = new Random(5);
        for (Parameter p : model.parameters()) {           // livelier weights than the training init
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = p.isMatrix() ? (float) random.nextGaussian() * 0.4f : 1f + (float) random.nextGaussian() * 0.2f;
            }
        }
        int[] tokens = {3, 250, 17, 99, 3, 42, 7};
        var ws = model.newWorkspace();
        model.loss(tokens, 0, 6, ws, 1f);
        double eps = 1e-2;
        for (int index = 0; index < model.parameters().size(); index++) {
            Parameter p = model.parameters().get(index);
            float[] analytic = ws.grad(index).clone();
            double worst = 0;
            for (int sample = 0; sample < 12; sample++) {
                int i = chooseEntry(p, analytic, random, sample);
                float original = p.value()[i];
                p.value()[i] = (float) (original + eps);
                double plus = model.loss(tokens, 0, 6, model.newWorkspace(), 0);
                p.value()[i] = (float) (original - eps);
                double minus = model.loss(tokens, 0, 6, model.newWorkspace(), 0);
                p.value()[i] = original;
                double numeric = (plus - minus) / (2 * eps);
                double error = Math.abs(numeric - analytic[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[i]));
                worst = Math.max(worst, error);
            }
            assertTrue(worst < 2e-2, p.name() + ": relative gradient error " + worst);
        }
    }

    /** Half the samples at the largest gradients (so the check is not all zeros), half at random. */
    private static int chooseEntry(Parameter p, float[] grad, Random random, int sample) {
        if (sample % 2 == 0) {
            int best = random.nextInt(p.size());
            for (int tries = 0; tries < 50; tries++) {
                int c = random.nextInt(p.size());
                if (Math.abs(grad[c]) > Math.abs(grad[best])) best = c;
            }
            return best;
        }
        return random.nextInt(p.size());
    }
}
