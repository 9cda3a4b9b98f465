package dev.course.engine.generate.train;

/**
 * Warm up linearly from 0 to the peak, then follow half a cosine down to a tenth of the peak.
 * Warm-up keeps the first, badly-informed steps small; the slow decay lets the model settle.
 *
 * @param peak   the largest learning rate
 * @param warmup steps of linear warm-up
 * @param total  all steps
 */
public record LearningRateSchedule(float peak, int warmup, int total) {

    /** The decay ends at this fraction of the peak. */
    public static final float FLOOR = 0.1f;

    public LearningRateSchedule {
        if (!(peak > 0) || warmup < 0 || total < 0) {
            throw new IllegalArgumentException("peak must be positive, warmup and total not negative");
        }
    }

    /** The learning rate for step {@code step} (from 0). */
    public float at(int step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = total <= warmup ? 1 : Math.min(1, (double) (step - warmup) / (total - warmup));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return (float) (peak * (FLOOR + (1 - FLOOR) * cosine));
    }
}
