package dev.course.server.models;

import dev.course.engine.embed.RemoteEncoder;

/**
 * How much the model service does for anyone, since kernels are untrusted and share it.
 *
 * @param maxRows            the most sequences in one request
 * @param maxLength          the longest padded sequence (the models' window)
 * @param maxPositions       the most rows x length in one request: what the work and the answer's size grow with
 * @param maxPendingPerKernel requests one kernel may have waiting; more are refused at once
 * @param maxPending         requests all kernels together may have waiting
 * @param workers            how many requests run at once (one core each)
 */
public record ModelServiceLimits(int maxRows, int maxLength, int maxPositions, int maxPendingPerKernel,
                                 int maxPending, int workers) {

    public ModelServiceLimits {
        if (maxRows < 1 || maxLength < 1 || maxPositions < 1 || maxPendingPerKernel < 1 || workers < 1
                || maxPending < maxPendingPerKernel) {
            throw new IllegalArgumentException("model service limits must be positive, and maxPending >= maxPendingPerKernel");
        }
    }

    /**
     * Requests as large as a kernel's {@link RemoteEncoder} sends (16 windows of 512 tokens), 4
     * waiting per kernel (a kernel embeds with one thread per core it sees) and 128 in all, and one
     * worker per core of this machine.
     */
    public static ModelServiceLimits defaults() {
        return new ModelServiceLimits(64, 512, RemoteEncoder.MAX_POSITIONS_PER_REQUEST, 4, 128,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
