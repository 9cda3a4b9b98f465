package dev.course.engine.generate.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A few threads that share out one range job at a time with the calling thread, built for many
 * small jobs in a row. Between jobs a worker spins ({@link Thread#onSpinWait()}) for
 * {@link #SPIN_NANOS} waiting for the next one, and only then parks; the job after a matrix
 * product usually arrives within microseconds, so it finds the workers awake. Work is claimed chunk
 * by chunk from a shared counter, so a worker that the operating system pauses simply does fewer
 * chunks. Not for general use: {@link Parallel} guarantees one job at a time.
 *
 * <p>Spinning only pays while the machine has a core to spare. When other processes keep every
 * core busy (a workshop's forty kernels, a build), a spinning worker takes CPU time from them and
 * from the thread it waits for, so then workers park at once, like any pool's. The machine's load
 * average, read at most once a second, decides.
 */
final class SpinningWorkers {

    /** How long an idle worker stays awake for the next job before it parks, while cores are free. */
    static final long SPIN_NANOS = 200_000;
    private static final long LOAD_CHECK_NANOS = 1_000_000_000L;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private volatile boolean spinning = true;
    private volatile long loadCheckedAt = System.nanoTime();

    private final Worker[] workers;
    /** The running job, or null; workers compare it by identity with the last one they took part in. */
    private volatile Job current;

    SpinningWorkers(int count) {
        workers = new Worker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new Worker("course-matmul-" + (i + 1));
            workers[i].start();
        }
    }

    /** Whether the calling thread is one of the workers (a task must not start a nested job). */
    static boolean isWorker() {
        return Thread.currentThread() instanceof Worker;
    }

    /**
     * Whether the workers wait for jobs awake (spinning): the machine had a core to spare at the last
     * look at its load, which {@link #run} takes at most once a second.
     */
    boolean awake() {
        return spinning;
    }

    /** Runs {@code task} over {@code [0, n)} in {@code chunks} pieces, on the workers and the caller. */
    void run(int n, int chunks, Parallel.RangeTask task) {
        checkLoad();
        Job job = new Job(n, chunks, task);
        current = job;
        for (Worker worker : workers) {
            if (worker.sleeping) {                     // written before the worker's last look at current
                LockSupport.unpark(worker);
            }
        }
        job.work();
        int spins = 0;
        while (job.done.get() < chunks) {              // a worker is finishing its last chunk
            if (++spins % 1024 == 0) {
                Thread.yield();                        // it may be waiting for this core
            } else {
                Thread.onSpinWait();
            }
        }
        current = null;                                // let the task's arrays go
        if (job.failure != null) {
            throw job.failure instanceof RuntimeException e ? e : new IllegalStateException(job.failure);
        }
    }

    /** Spin while the machine's load leaves a core for the workers; re-read at most once a second. */
    private void checkLoad() {
        long now = System.nanoTime();
        if (now - loadCheckedAt > LOAD_CHECK_NANOS) {
            loadCheckedAt = now;
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            // our own caller and workers count in the load while they work; negative: not available
            spinning = load < 0 || load < CORES + workers.length;
        }
    }

    /** One range job: chunks are claimed from {@link #next} and counted in {@link #done} when finished. */
    private static final class Job {
        final int n;
        final int chunks;
        final Parallel.RangeTask task;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(int n, int chunks, Parallel.RangeTask task) {
            this.n = n;
            this.chunks = chunks;
            this.task = task;
        }

        /** Claims and runs chunks until none are left. */
        void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    task.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final class Worker extends Thread {
        volatile boolean sleeping;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job last = null;
            while (true) {
                Job job = awaitJobAfter(last);
                job.work();
                last = job;
            }
        }

        private Job awaitJobAfter(Job last) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Job job = current;
                if (job != null && job != last) {
                    return job;
                }
                if (spinning && System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                sleeping = true;                       // then look once more, so a job published
                Job now = current;                     // meanwhile is not slept through
                if (now == null || now == last) {
                    LockSupport.park(this);
                }
                sleeping = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
        }
    }
}
