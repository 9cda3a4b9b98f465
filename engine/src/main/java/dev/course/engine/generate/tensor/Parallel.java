package dev.course.engine.generate.tensor;

import java.util.stream.IntStream;

/** Splits a range of rows into a few chunks per core and runs them on the common fork-join pool. */
public final class Parallel {

    /** Below this many rows the work is too small to be worth sharing out. */
    public static final int MIN_PARALLEL_ROWS = 64;
    private static final int CHUNKS_PER_CORE = 4;
    /** Threads to use: {@code -Dcourse.generate.threads=N}, else every core. */
    static final int THREADS = Integer.getInteger("course.generate.threads", Runtime.getRuntime().availableProcessors());

    private Parallel() {
    }

    /** Work on the rows {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** Runs {@code task} over {@code [0, n)}, in parallel when {@code n} is large enough. */
    public static void forRange(int n, RangeTask task) {
        int cores = THREADS;
        if (n < MIN_PARALLEL_ROWS || cores <= 1) {
            task.run(0, n);
            return;
        }
        int chunks = Math.min(n, cores * CHUNKS_PER_CORE);
        IntStream.range(0, chunks).parallel().forEach(c -> task.run(
                (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
    }
}
