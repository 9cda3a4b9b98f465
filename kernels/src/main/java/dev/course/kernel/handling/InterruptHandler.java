package dev.course.kernel.handling;

import dev.course.kernel.io.Outbox;
import dev.course.kernel.jshell.JShellSession;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;

/**
 * Answers {@code interrupt_request} (control channel): stops the running cell. The cell's own
 * {@code execute_reply} then reports the error {@code Interrupted}.
 */
public final class InterruptHandler implements RequestHandler {

    private final Outbox outbox;
    private final JShellSession session;

    public InterruptHandler(Outbox outbox, JShellSession session) {
        this.outbox = outbox;
        this.session = session;
    }

    @Override
    public void handle(Message request) {
        session.interrupt();
        outbox.reply(request, "interrupt_reply", Json.object("status", "ok"));
    }
}
