package dev.course.engine.embed;

/**
 * How a {@link RemoteEncoder} reaches the process that runs the model. The engine does not know
 * what is on the other end; the course's kernel implements this over its own message channel to
 * the course server (see the kernel's {@code dev.course.kernel.models} package).
 */
@FunctionalInterface
public interface ModelChannel {

    /**
     * Sends one request and waits for its answer.
     *
     * @throws ModelServiceException when there is no answer: the service refused the request, is
     *                               not there, did not answer in time, or the wait was interrupted
     */
    EncoderReply exchange(EncoderRequest request);
}
