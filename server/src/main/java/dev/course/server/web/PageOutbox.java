package dev.course.server.web;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 *       {@link #DEFAULT_STALL_TIMEOUT}, is disconnected: it is not reading, and a reload starts afresh.
 *       The stall is noticed when the next message is sent, or by a watch every
 *       {@link #STALL_CHECK_PERIOD} when nothing more is (a page stuck behind its last output).
 *       Each such disconnection is logged with its reason, so that whoever runs a workshop can tell
 *       why a learner's page had to be reloaded.</li>
 * </ul>
 */
final class PageOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(PageOutbox.class);
    /** Output waiting beyond this is dropped. */
    static final long DEFAULT_MAX_OUTPUT_BYTES = 4L * 1024 * 1024;
    /** Anything waiting beyond this disconnects the page. */
    static final long DEFAULT_MAX_QUEUED_BYTES = 8L * 1024 * 1024;
    /** A page that has not taken a message for this long is disconnected. */
    static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
    /** The close code a page that stayed behind sees. */
    static final int BEHIND_CLOSE_CODE = 4408;
    /** How often a page's stall is checked while nothing is sent to it. */
    static final Duration STALL_CHECK_PERIOD = Duration.ofSeconds(1);
    private static final ScheduledExecutorService STALL_WATCH = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("page-stall-watch").factory());

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
    private final Object sendOrder = new Object();
    // Guarded by this.
    private long queuedBytes;
    private final Deque<Long> pendingSince = new ArrayDeque<>();
    private boolean dropping;
    private long droppedMessages;
    private boolean disconnected;
    private ScheduledFuture<?> stallWatch;

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
        PageOutbox outbox = new PageOutbox(new Channel() {
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
        outbox.watchForStalls();
        return outbox;
    }

    /** Checks the page's stall every {@link #STALL_CHECK_PERIOD} until it is disconnected or closed. */
    private void watchForStalls() {
        long period = STALL_CHECK_PERIOD.toMillis();
        synchronized (this) {
            stallWatch = STALL_WATCH.scheduleWithFixedDelay(() -> {
                if (!disconnectIfStalled()) {
                    synchronized (this) {
                        stallWatch.cancel(false);
                    }
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Disconnects the page if a message has waited for it longer than the stall timeout.
     *
     * @return whether the page is still connected (worth checking again)
     */
    boolean disconnectIfStalled() {
        synchronized (sendOrder) {
            synchronized (this) {
                if (disconnected || !channel.isOpen()) {
                    return false;
                }
                if (!stalled(clock.getAsLong())) {
                    return true;
                }
                disconnected = true;
            }
            disconnect(stalledReason());
            return false;
        }
    }

    /** Closes a page that stayed behind, and says so in the server's log. */
    private void disconnect(String reason) {
        LOG.info("disconnected a page that stayed behind: {}", reason);
        channel.disconnect(BEHIND_CLOSE_CODE, reason);
    }

    /** Called holding the lock. */
    private boolean stalled(long now) {
        return !pendingSince.isEmpty() && now - pendingSince.peekFirst() > stallNanos;
    }

    private String stalledReason() {
        return "the page took no message for " + stallNanos / 1_000_000_000 + " s; reload it";
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
        // Two locks: sendOrder keeps messages in the order they were sent; the counters (this) are
        // never held while calling into Jetty, whose completion callbacks take them from its own threads.
        synchronized (sendOrder) {
            String sending = text;
            long size = utf8Length(sending);
            String closeBecause = null;
            synchronized (this) {
                if (disconnected || !channel.isOpen()) {
                    return;
                }
                long now = clock.getAsLong();
                if (stalled(now)) {
                    closeBecause = stalledReason();
                } else {
                    if (droppedNotice != null) {
                        if (queuedBytes + size > maxOutputBytes) {
                            droppedMessages++;
                            if (dropping) {
                                return;
                            }
                            dropping = true;
                            sending = droppedNotice.get();
                            size = utf8Length(sending);
                        } else if (queuedBytes <= maxOutputBytes / 2) {
                            dropping = false; // the page caught up: a later drop is announced again
                        }
                    }
                    if (queuedBytes + size > maxQueuedBytes) {
                        closeBecause = "more than " + maxQueuedBytes + " bytes wait for the page; reload it";
                    } else {
                        queuedBytes += size;
                        pendingSince.addLast(now);
                    }
                }
                if (closeBecause != null) {
                    disconnected = true;
                }
            }
            if (closeBecause != null) {
                disconnect(closeBecause);
                return;
            }
            long sent = size;
            channel.sendText(sending, () -> taken(sent));
        }
    }

    private synchronized void taken(long size) {
        queuedBytes -= size;
        pendingSince.pollFirst();
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
