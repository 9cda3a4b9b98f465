package dev.course.kernel.transport;

import dev.course.kernel.protocol.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A transport for tests: keeps what is sent, and lets a test deliver requests by hand. */
public final class RecordingTransport implements Transport {

    private final List<Message> sent = new ArrayList<>();
    private Listener listener;

    @Override
    public void start(Listener newListener) {
        this.listener = newListener;
    }

    /** Delivers a request as if it had arrived. */
    public void deliver(Message message) {
        listener.onMessage(message);
    }

    @Override
    public synchronized void send(Message message) {
        sent.add(message);
        notifyAll();
    }

    /** Everything sent so far. */
    public synchronized List<Message> sent() {
        return List.copyOf(sent);
    }

    /** Waits until a matching message has been sent. */
    public synchronized Message await(Predicate<Message> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Message message : sent) {
                if (test.test(message)) {
                    return message;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not sent within " + timeout + ": " + sent);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
    }
}
