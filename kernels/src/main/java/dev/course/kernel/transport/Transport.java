package dev.course.kernel.transport;

import dev.course.kernel.protocol.Message;

/**
 * How messages reach the kernel and leave it. The kernel has two: {@link ZmqTransport} for Jupyter
 * and {@link StdioTransport} for the course server. Everything above this interface — dispatching,
 * executing, publishing output — is shared and never asks which one it talks to.
 *
 * <p>Implementations must let any thread call {@link #send}: replies come from the shell thread,
 * interrupt replies from the control thread, and cell output from whatever thread the learner's code
 * printed on.
 */
public interface Transport extends AutoCloseable {

    /** Receives what arrives on a transport. Called from the transport's own reader thread. */
    interface Listener {

        /** A request arrived on the shell, control or stdin channel. Must not block for long. */
        void onMessage(Message message);

        /** The other side is gone (stdio: end of input); the kernel should shut down. */
        default void onClosed() {
        }
    }

    /** Starts reading; messages go to the listener from now on. Sending works even before this. */
    void start(Listener listener);

    /** Sends a message on its channel; safe to call from any thread. */
    void send(Message message);

    /** Delivers what was already sent, then releases the transport. Idempotent. */
    @Override
    void close();
}
