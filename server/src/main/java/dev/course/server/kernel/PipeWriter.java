package dev.course.server.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes to a kernel's stdin on a thread of its own, so that nobody else ever waits on the pipe.
 *
 * <p>A pipe holds 64 KB. A kernel that stops reading (a cell sent its own JVM {@code SIGSTOP}, or
 * it hangs) would make every {@code write} beyond that block forever — on a Jetty request thread
 * relaying a completion, on the session thread sending the wall clock's interrupt, on the culler
 * asking it to shut down. So callers only {@link #offer} a line: it joins a queue bounded in bytes
 * (refused when full) and returns at once. One writer thread per kernel empties the queue; a shared
 * watchdog checks every write against a deadline, and a write that has not finished by then calls
 * {@code onStalled} once — the owner kills the kernel, which breaks the pipe and frees the writer.
 */
public final class PipeWriter implements AutoCloseable {

    /** The most bytes waiting for one kernel; more is refused (a page cell is at most 100,000 characters). */
    public static final int DEFAULT_MAX_QUEUED_BYTES = 8 * 1024 * 1024;
    /** How long one write may wait for the kernel to read. A running kernel reads stdin on a thread of its own, at once. */
    public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(10);
    private static final long CHECK_MILLIS = 250;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kernel-stdin-deadline").factory());

    private final OutputStream out;
    private final int maxQueuedBytes;
    private final long deadlineNanos;
    private final Runnable onStalled;
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private final ScheduledFuture<?> watch;
    // Guarded by queue.
    private long queuedBytes;
    private boolean closed;
    /** When the write in progress began (System.nanoTime), or 0 when the writer is not writing. */
    private volatile long writingSince;
    private volatile boolean stalled;

    /**
     * @param name           for the writer thread ("kernel-stdin-" + name)
     * @param out            the kernel's stdin; closed when the writer ends
     * @param maxQueuedBytes the most bytes waiting at once
     * @param writeDeadline  how long one write may block
     * @param onStalled      called once, on the watchdog thread, when a write overran its deadline
     */
    public PipeWriter(String name, OutputStream out, int maxQueuedBytes, Duration writeDeadline, Runnable onStalled) {
        if (maxQueuedBytes < 1 || writeDeadline.isNegative() || writeDeadline.isZero()) {
            throw new IllegalArgumentException("maxQueuedBytes and writeDeadline must be positive");
        }
        this.out = out;
        this.maxQueuedBytes = maxQueuedBytes;
        this.deadlineNanos = writeDeadline.toNanos();
        this.onStalled = onStalled;
        Thread.ofPlatform().daemon().name("kernel-stdin-" + name).start(this::writeLines);
        this.watch = WATCHDOG.scheduleWithFixedDelay(this::checkDeadline, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues bytes to write; never blocks.
     *
     * @return false, queuing nothing, when the writer has ended (the pipe broke, or it was closed) or
     *         the queue has no room for them
     */
    public boolean offer(byte[] bytes) {
        synchronized (queue) {
            if (closed || queuedBytes + bytes.length > maxQueuedBytes) {
                return false;
            }
            queue.addLast(bytes);
            queuedBytes += bytes.length;
            queue.notifyAll();
            return true;
        }
    }

    /** Bytes waiting to be written. */
    public long queuedBytes() {
        synchronized (queue) {
            return queuedBytes;
        }
    }

    /** Whether a write overran its deadline. */
    public boolean stalled() {
        return stalled;
    }

    /** Whether the writer still accepts bytes. */
    public boolean isOpen() {
        synchronized (queue) {
            return !closed;
        }
    }

    private void writeLines() {
        try {
            while (true) {
                byte[] next;
                synchronized (queue) {
                    while (queue.isEmpty() && !closed) {
                        queue.wait();
                    }
                    if (closed) {
                        return;
                    }
                    next = queue.peekFirst();
                }
                writingSince = System.nanoTime();
                out.write(next);
                out.flush();
                writingSince = 0;
                synchronized (queue) {
                    queue.pollFirst();
                    queuedBytes -= next.length;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The pipe broke (the kernel is gone) or the writer was stopped: nothing more can be written.
        } finally {
            writingSince = 0;
            end();
            try {
                out.close();
            } catch (IOException ignored) {
                // Already broken.
            }
        }
    }

    private void checkDeadline() {
        long since = writingSince;
        if (since != 0 && System.nanoTime() - since > deadlineNanos && !stalled) {
            stalled = true;
            watch.cancel(false);
            onStalled.run();
        }
    }

    private void end() {
        synchronized (queue) {
            closed = true;
            queue.clear();
            queuedBytes = 0;
            queue.notifyAll();
        }
        watch.cancel(false);
    }

    /**
     * Stops accepting bytes and drops what waits; the writer thread ends after the write in progress
     * (which the kernel's death ends, if it blocks). Never waits.
     */
    @Override
    public void close() {
        end();
    }
}
