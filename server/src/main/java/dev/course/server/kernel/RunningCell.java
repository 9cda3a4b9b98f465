package dev.course.server.kernel;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cell in flight: its request id, where its output goes, and whether the kernel is done with it.
 *
 * <p>A Jupyter kernel answers a cell on two channels: the {@code execute_reply} on <em>shell</em>
 * and, after the outputs, {@code status: idle} on <em>iopub</em>. Each channel keeps its own order,
 * but nothing orders one against the other: our stdio kernel happens to write the reply first,
 * while a kernel behind a Jupyter gateway may deliver the idle status before the reply. So a cell is
 * done only when both have arrived — or when its kernel died, and neither ever will.
 */
final class RunningCell {

    final String msgId;
    final KernelSession.Output output;
    /** The kernel announced the cell (execute_input): an interrupt now reaches it. */
    volatile boolean started;
    /** An interrupt asked for before the kernel announced the cell, to send once it does. */
    volatile boolean interruptPending;
    /** The kernel's execute_reply content, once it came. */
    volatile JsonNode reply;
    /** The kernel that died while running this cell, or null. */
    volatile Kernel diedIn;
    /** The wall clock ran out and interrupted this cell. */
    volatile boolean timedOut;

    private final CountDownLatch done = new CountDownLatch(1);
    // Guarded by this: which halves of the answer came, and the learner's input wait.
    private boolean idle;
    private JsonNode inputRequestHeader;
    private long waitingSince;
    private long waitedNanos;

    RunningCell(String msgId, KernelSession.Output output) {
        this.msgId = msgId;
        this.output = output;
    }

    /** The kernel's execute_reply (shell channel). */
    synchronized void replied(JsonNode content) {
        reply = content;
        if (idle) {
            done.countDown();
        }
    }

    /** The kernel's {@code status: idle} for this cell (iopub channel): every output has been sent. */
    synchronized void wentIdle() {
        idle = true;
        if (reply != null) {
            done.countDown();
        }
    }

    /** The kernel died (or could not be sent the cell): nothing more will come. */
    void kernelDied(Kernel kernel) {
        diedIn = kernel;
        done.countDown();
    }

    /** Waits up to the given time; whether the cell is done (replied and idle, or its kernel died). */
    boolean awaitDone(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The kernel asked for input: the wall clock stops. */
    synchronized void inputRequested(JsonNode header, long now) {
        stopWaiting(now);
        inputRequestHeader = header;
        waitingSince = now;
    }

    /** The waiting input_request's header, now answered or abandoned (null if none waited); the clock runs again. */
    synchronized JsonNode stopWaiting(long now) {
        JsonNode header = inputRequestHeader;
        if (header != null) {
            waitedNanos += now - waitingSince;
            inputRequestHeader = null;
        }
        return header;
    }

    /** Time spent waiting for the learner's input, including a wait still going on. */
    synchronized long waitedNanos(long now) {
        return waitedNanos + (inputRequestHeader != null ? now - waitingSince : 0);
    }
}
