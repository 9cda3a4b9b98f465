package dev.course.server.web;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the server has sent to one page but the page has not yet taken, bounded.
 *
 * <p>Jetty sends WebSocket frames asynchronously and queues them without limit, so a page that
 * stops reading while its cell prints would keep everything in the server's memory. This outbox
 * counts the bytes handed to Jetty and not yet written to the network, and:
 * <ul>
 *   <li>a cell's <em>output</em> ({@link #sendOutput}) is dropped once {@link #DEFAULT_MAX_OUTPUT_BYTES}
 *       wait; the first drop of a spell queues a notice instead, which the page shows under the cell;</li>
 *   <li>any other message (a reply, a status, the notice) is always queued, up to
 *       {@link #DEFAULT_MAX_QUEUED_BYTES};</li>
 *   <li>a page that has more than that waiting, or has not taken a message for
 *       {@link #DEFAULT_STALL_TIMEOUT}, is disconnected: it is not reading, and a reload starts afresh.</li>
 * </ul>
 */
final class PageOutbox {

    /** Output waiting beyond this is dropped. */
    static final long DEFAULT_MAX_OUTPUT_BYTES = 4L * 1024 * 1024;
    /** Anything waiting beyond this disconnects the page. */
    static final long DEFAULT_MAX_QUEUED_BYTES = 8L * 1024 * 1024;
    /** A page that has not taken a message for this long is disconnected. */
    static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
    /** The close code a page that stayed behind sees. */
    static final int BEHIND_CLOSE_CODE = 4408;

    /** Where the bytes go: a WebSocket session, or a fake in tests. */
    interface Channel {
        boolean isOpen();

        /** Sends asynchronously; {@code done} runs once when the text was written or failed. */
        void sendText(String text, Runnable done);

        /** Closes the connection now, whatever still waits. */
        void disconnect(int code, String reason);
    }

    private final Channel channel;
    private final long maxOutputBytes;
    private final long maxQueuedBytes;
    private final long stallNanos;
    private final LongSupplier clock;
    // Guarded by this.
    private long queuedBytes;
    private final Deque<Long> pendingSince = new ArrayDeque<>();
    private boolean dropping;
    private long droppedMessages;
    private boolean disconnected;

    PageOutbox(Channel channel, long maxOutputBytes, long maxQueuedBytes, Duration stallTimeout, LongSupplier clock) {
        if (maxOutputBytes < 1 || maxQueuedBytes < maxOutputBytes || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("need 0 < maxOutputBytes <= maxQueuedBytes and a positive stall timeout");
        }
        this.channel = channel;
        this.maxOutputBytes = maxOutputBytes;
        this.maxQueuedBytes = maxQueuedBytes;
        this.stallNanos = stallTimeout.toNanos();
        this.clock = clock;
    }

    /** An outbox for a Jetty WebSocket session, with the default limits. */
    static PageOutbox of(Session session) {
        return new PageOutbox(new Channel() {
            @Override
            public boolean isOpen() {
                return session.isOpen();
            }

            @Override
            public void sendText(String text, Runnable done) {
                session.sendText(text, Callback.from(done, failure -> done.run()));
            }

            @Override
            public void disconnect(int code, String reason) {
                session.close(code, reason, Callback.NOOP);
                session.disconnect(); // the close frame is stuck behind what the page does not read
            }
        }, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_MAX_QUEUED_BYTES, DEFAULT_STALL_TIMEOUT, System::nanoTime);
    }

    /** Sends a message the page needs (a reply, a status): queued unless the page is hopelessly behind. */
    void send(String text) {
        enqueue(text, null);
    }

    /**
     * Sends a cell's output, or drops it when too much waits already; the first drop of a spell
     * queues {@code droppedNotice} in its place.
     */
    void sendOutput(String text, Supplier<String> droppedNotice) {
        enqueue(text, droppedNotice);
    }

    /** Bytes handed to the connection and not yet written. */
    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Output messages dropped so far. */
    synchronized long droppedMessages() {
        return droppedMessages;
    }

    private void enqueue(String text, Supplier<String> droppedNotice) {
        long size = utf8Length(text);
        synchronized (this) {
            if (disconnected || !channel.isOpen()) {
                return;
            }
            long now = clock.getAsLong();
            if (!pendingSince.isEmpty() && now - pendingSince.peekFirst() > stallNanos) {
                disconnect("the page took no message for " + stallNanos / 1_000_000_000 + " s; reload it");
                return;
            }
            if (droppedNotice != null) {
                if (queuedBytes + size > maxOutputBytes) {
                    droppedMessages++;
                    if (dropping) {
                        return;
                    }
                    dropping = true;
                    text = droppedNotice.get();
                    size = utf8Length(text);
                } else if (queuedBytes <= maxOutputBytes / 2) {
                    dropping = false; // the page caught up: a later drop is announced again
                }
            }
            if (queuedBytes + size > maxQueuedBytes) {
                disconnect("more than " + maxQueuedBytes + " bytes wait for the page; reload it");
                return;
            }
            queuedBytes += size;
            pendingSince.addLast(now);
            long sent = size;
            // Under the lock, so that messages reach the page in the order they were sent; Jetty never blocks here.
            channel.sendText(text, () -> taken(sent));
        }
    }

    private synchronized void taken(long size) {
        queuedBytes -= size;
        pendingSince.pollFirst();
    }

    /** Called holding the lock. */
    private void disconnect(String why) {
        disconnected = true;
        channel.disconnect(BEHIND_CLOSE_CODE, why);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
