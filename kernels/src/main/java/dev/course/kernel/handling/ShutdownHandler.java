package dev.course.kernel.handling;

import dev.course.kernel.io.Outbox;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;

/**
 * Answers {@code shutdown_request} (shell or control) and then asks the kernel to stop. The
 * {@code restart} flag is echoed; restarting is the client's job (it starts a new process).
 */
public final class ShutdownHandler implements RequestHandler {

    private final Outbox outbox;
    private final Runnable shutdown;

    public ShutdownHandler(Outbox outbox, Runnable shutdown) {
        this.outbox = outbox;
        this.shutdown = shutdown;
    }

    @Override
    public void handle(Message request) {
        boolean restart = request.content().path("restart").asBoolean(false);
        outbox.reply(request, "shutdown_reply", Json.object("status", "ok", "restart", restart));
        shutdown.run();
    }
}
