package dev.course.engine.generate.tensor;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Splits a range of rows into a few chunks per core and runs them on all cores.
 *
 * <p>Generating one token multiplies about two hundred small matrices one after another, each a
 * fraction of a millisecond of work. Handing such a small job to a general-purpose pool (the
 * common fork-join pool, a parallel stream) costs tens of microseconds to wake its threads, which
 * measured here was most of the time of a token. So the matrices go to a {@link SpinningWorkers}
 * pool whose threads wait for the next job by spinning for a moment before they sleep: the next
 * matrix of the same token finds them awake. Measured on two idle cores with a SmolLM2-135M-shaped
 * Q8_0 model: 54 tokens/s with the common pool, 79 with these workers.
 */
public final class Parallel {

    /** Below this many rows the work is too small to be worth sharing out. */
    public static final int MIN_PARALLEL_ROWS = 64;
    /**
     * Chunks per thread while the machine is busy: a few, so a worker that wakes late or is paused by
     * another process does not hold everyone up. While cores are free the workers are awake (spinning)
     * and each thread takes one contiguous share instead: the processor's prefetcher follows one
     * stream through memory, and cutting it into pieces measured 15-20% slower for a token's products.
     */
    static final int CHUNKS_PER_THREAD_WHEN_BUSY = 4;
    /** Threads to use: {@code -Dcourse.generate.threads=N}, else every core. */
    static final int THREADS = Integer.getInteger("course.generate.threads", Runtime.getRuntime().availableProcessors());

    private static final SpinningWorkers WORKERS = THREADS > 1 ? new SpinningWorkers(THREADS - 1) : null;
    /** One job at a time on the workers; a caller that finds them busy works alone. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** Threads inside {@link #alone}: they never take the workers. */
    private static final ThreadLocal<Boolean> ALONE = ThreadLocal.withInitial(() -> false);

    private Parallel() {
    }

    /** The number of threads the engine's matrix products use ({@code -Dcourse.generate.threads=N}, else every core). */
    public static int threads() {
        return THREADS;
    }

    /** Work on the rows {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} for each of {@code n} items on all cores, however few the items: for work
     * whose items are large (an attention head over a long context), not rows of a matrix.
     */
    public static void forEach(int n, java.util.function.IntConsumer task) {
        share(n, 2, n, (from, to) -> {
            for (int i = from; i < to; i++) {
                task.accept(i);
            }
        });
    }

    /**
     * Runs {@code task} over {@code [0, n)}, in parallel when {@code n} is large enough and the
     * workers are free. A call made from inside a task, or while another thread's job is running,
     * runs on the calling thread alone, so nesting and concurrent generators are safe.
     */
    public static void forRange(int n, RangeTask task) {
        int chunksPerThread = WORKERS != null && WORKERS.awake() ? 1 : CHUNKS_PER_THREAD_WHEN_BUSY;
        share(n, MIN_PARALLEL_ROWS, Math.min(n, THREADS * chunksPerThread), task);
    }

    /**
     * Runs {@code work} with every product and loop inside it on the calling thread only, leaving the
     * workers to other threads: for background work (a JIT warm-up) that must not take the cores a
     * prompt is about to need.
     */
    public static void alone(Runnable work) {
        boolean was = ALONE.get();
        ALONE.set(true);
        try {
            work.run();
        } finally {
            ALONE.set(was);
        }
    }

    /** Runs {@code task} in {@code chunks} pieces on the workers, or alone below {@code minimum} or when they are taken. */
    private static void share(int n, int minimum, int chunks, RangeTask task) {
        if (n < minimum || WORKERS == null || SpinningWorkers.isWorker() || ALONE.get() || !BUSY.compareAndSet(false, true)) {
            task.run(0, n);
            return;
        }
        try {
            WORKERS.run(n, chunks, task);
        } finally {
            BUSY.set(false);
        }
    }
}
