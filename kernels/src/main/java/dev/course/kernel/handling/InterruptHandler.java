package dev.course.kernel.handling;

import dev.course.kernel.io.InputRequests;
import dev.course.kernel.io.Outbox;
import dev.course.kernel.jshell.JShellSession;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;

/**
 * Answers {@code interrupt_request} (control channel): stops the running cell, including a read of
 * {@code System.in} waiting for the learner. The cell's own {@code execute_reply} then reports the
 * error {@code Interrupted}.
 */
public final class InterruptHandler implements RequestHandler {

    private final Outbox outbox;
    private final JShellSession session;
    private final InputRequests inputs;

    public InterruptHandler(Outbox outbox, JShellSession session, InputRequests inputs) {
        this.outbox = outbox;
        this.session = session;
        this.inputs = inputs;
    }

    @Override
    public void handle(Message request) {
        session.interrupt();
        // JShell's stop interrupts the cell's threads; a read on any other thread is released here.
        inputs.cancel();
        outbox.reply(request, "interrupt_reply", Json.object("status", "ok"));
    }
}
