package dev.course.kernel.handling;

import dev.course.kernel.protocol.Message;

/**
 * Handles one type of request, e.g. {@code complete_request}. Handlers reply through the
 * {@link dev.course.kernel.io.Outbox}; the {@link Dispatcher} wraps each call in busy/idle status
 * messages, so handlers do not.
 */
@FunctionalInterface
public interface RequestHandler {

    void handle(Message request);
}
