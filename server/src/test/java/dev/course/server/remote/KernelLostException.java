package dev.course.server.remote;

import java.io.IOException;

/**
 * The server announced that the kernel died while a request was waiting: {@code restarting} (the
 * server starts it again, with empty state) or {@code dead} (it gave up). Callers tell this apart
 * from a broken socket because after a restart the same socket reaches the new kernel.
 */
public final class KernelLostException extends IOException {

    private final String executionState;

    public KernelLostException(String executionState) {
        super("kernel " + executionState + " (its state is lost)");
        this.executionState = executionState;
    }

    /** {@code restarting} or {@code dead}. */
    public String executionState() {
        return executionState;
    }

    public boolean restarting() {
        return "restarting".equals(executionState);
    }
}
