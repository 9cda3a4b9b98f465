package dev.course.kernel.io;

import dev.course.engine.display.MimeBundle;
import dev.course.kernel.display.DisplaySink;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sends what cells print and display to IOPub, attributed to the execute request that produced it.
 *
 * <p>The kernel replaces {@code System.out} and {@code System.err} with {@link #stdout()} and
 * {@link #stderr()}. Printed text is buffered and sent as {@code stream} messages in small batches —
 * every {@link #FLUSH_INTERVAL} and whenever {@link #EAGER_FLUSH_BYTES} are pending — so output of a
 * long-running cell appears while it runs without one message per {@code print}.
 *
 * <p>Output belongs to the request set by {@link #beginCell}. It stays so after the cell ends: text
 * printed later by a background thread the cell started is attributed to that last request, as
 * IPython does.
 *
 * <p>A single cell may print at most {@code maxCellChars} characters; the rest is dropped after one
 * notice, so a runaway loop cannot flood the browser. Each displayed value and the cell's result
 * are held to the same size by a {@link BundleCap}.
 *
 * <p>Display updates are coalesced the same way: a loop calling {@code updateDisplay} thousands of
 * times would otherwise send thousands of messages through the kernel's pipe, the server and the
 * page for a bar nobody can watch that fast. An update goes out at once when none went out in the
 * last {@link #UPDATE_INTERVAL}; otherwise it waits, and a later update of the same display id
 * replaces it (the latest value wins). What waits is sent by the timer once the interval has passed,
 * and always before anything else the cell outputs (a display, a clear, its result, its reply), so
 * the final value is always delivered and the order of outputs stays as the cell made it.
 */
public final class CellOutput implements DisplaySink, AutoCloseable {

    /** The default cap on what one cell may print, in characters (about 1 MB of text). */
    public static final int DEFAULT_MAX_CELL_CHARS = 1_000_000;

    /** How often pending printed text is sent. */
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(50);

    /** Pending bytes of one stream that trigger sending at once, without waiting for the timer. */
    public static final int EAGER_FLUSH_BYTES = 8 * 1024;

    /** At most one batch of display updates per this interval; within it, the latest value per display id wins. */
    public static final Duration UPDATE_INTERVAL = FLUSH_INTERVAL;

    /**
     * Most display ids with an update waiting; one more sends them all at once. Bounds the memory of
     * a cell that updates ever new ids (which no display showed), since they cannot be coalesced.
     */
    public static final int MAX_PENDING_UPDATES = 256;

    private final Outbox outbox;
    private final int maxCellChars;
    private final StreamBuffer out;
    private final StreamBuffer err;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final ScheduledExecutorService flusher;
    private final BundleCap bundleCap;
    private final LongSupplier nanoClock;

    // Guarded by this: which request output belongs to, and what the current cell has produced.
    private Message parent;
    private int charsLeft;
    private boolean truncated;
    private Object lastDisplayed;
    private String lastDisplayId;
    private final Map<String, PendingUpdate> pendingUpdates = new LinkedHashMap<>();
    private long lastUpdateSentNanos;

    /** An update waiting for its turn: the request it belongs to and the newest bundle for its id. */
    private record PendingUpdate(Message parent, MimeBundle bundle) {
    }

    public CellOutput(Outbox outbox, int maxCellChars) {
        this(outbox, maxCellChars, System::nanoTime);
    }

    /** As the public constructor, with the clock that times display updates (tests use one that stands still). */
    CellOutput(Outbox outbox, int maxCellChars, LongSupplier nanoClock) {
        this.outbox = outbox;
        this.nanoClock = nanoClock;
        this.lastUpdateSentNanos = nanoClock.getAsLong() - UPDATE_INTERVAL.toNanos();
        this.maxCellChars = maxCellChars;
        this.charsLeft = maxCellChars;
        this.bundleCap = new BundleCap(maxCellChars);
        this.out = new StreamBuffer("stdout", EAGER_FLUSH_BYTES, this::flushStreams);
        this.err = new StreamBuffer("stderr", EAGER_FLUSH_BYTES, this::flushStreams);
        this.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kernel-output-flusher");
            thread.setDaemon(true);
            return thread;
        });
        long interval = FLUSH_INTERVAL.toMillis();
        flusher.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Ends a {@link #tap}. */
    public interface Tap extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * From now until the returned handle is closed, what the calling thread (and any thread it
     * starts) prints to {@code System.out} or {@code System.err} is also copied to {@code copy}. The
     * output still reaches the cell as usual; the copy is what a tool reports back to its caller.
     */
    public Tap tap(OutputStream copy) {
        OutputStream previous = StreamBuffer.TAP.get();
        StreamBuffer.TAP.set(copy);
        return () -> StreamBuffer.TAP.set(previous);
    }

    /** The stream to install as {@code System.out}. */
    public PrintStream stdout() {
        return stdout;
    }

    /** The stream to install as {@code System.err}. */
    public PrintStream stderr() {
        return stderr;
    }

    /**
     * From now on output belongs to this execute request. What is still pending is sent first, to the
     * request it belongs to, and the per-cell cap starts afresh.
     */
    public synchronized void beginCell(Message request) {
        flush();
        parent = request;
        charsLeft = maxCellChars;
        truncated = false;
        lastDisplayed = null;
        lastDisplayId = null;
    }

    /**
     * Sends everything pending now — waiting display updates, then printed text — e.g. before a
     * cell's result so the order stays right.
     */
    public synchronized void flush() {
        sendPendingUpdates();
        flushStreams();
    }

    /** The timer: printed text, and the waiting display updates once their interval has passed. */
    private synchronized void tick() {
        flushStreams();
        if (updateIntervalPassed()) {
            sendPendingUpdates();
        }
    }

    private synchronized void flushStreams() {
        publishStream(out.name(), out.drainText());
        publishStream(err.name(), err.drainText());
    }

    /** Publishes a {@code display_data} message for the current request, after the text printed before it. */
    @Override
    public synchronized void show(Object value, MimeBundle bundle) {
        publishDisplay(value, bundle, Json.object());
    }

    /** As {@link #show(Object, MimeBundle)}, with the id ({@code transient.display_id}) that updates name. */
    @Override
    public synchronized void show(Object value, MimeBundle bundle, String displayId) {
        publishDisplay(value, bundle, Json.object("display_id", displayId));
        lastDisplayId = displayId;
    }

    /**
     * Publishes {@code update_display_data}: front ends replace every output shown under this id,
     * in whichever cell it is. Sent at once when no update went out in the last
     * {@link #UPDATE_INTERVAL}; otherwise it waits and a newer update of the same id replaces it.
     */
    @Override
    public synchronized void update(String displayId, MimeBundle bundle) {
        flushStreams();
        lastDisplayId = null; // the id as a later cell value is asked for by name, not a display's leftover
        pendingUpdates.remove(displayId); // re-inserted last: waiting updates go out in the order of their latest change
        pendingUpdates.put(displayId, new PendingUpdate(parent, bundle));
        if (updateIntervalPassed() || pendingUpdates.size() > MAX_PENDING_UPDATES) {
            sendPendingUpdates();
        }
    }

    private boolean updateIntervalPassed() {
        return nanoClock.getAsLong() - lastUpdateSentNanos >= UPDATE_INTERVAL.toNanos();
    }

    private void sendPendingUpdates() {
        if (pendingUpdates.isEmpty()) {
            return;
        }
        pendingUpdates.forEach((displayId, pending) -> outbox.publish(pending.parent(), "update_display_data",
                Json.object("data", MimeBundleJson.toJson(bundleCap.apply(pending.bundle())),
                        "metadata", Json.object(), "transient", Json.object("display_id", displayId))));
        pendingUpdates.clear();
        lastUpdateSentNanos = nanoClock.getAsLong();
    }

    /** Publishes {@code clear_output}, after what was printed before it (which it clears too). */
    @Override
    public synchronized void clear(boolean wait) {
        flush();
        outbox.publish(parent, "clear_output", Json.object("wait", wait));
    }

    private void publishDisplay(Object value, MimeBundle bundle, Object transientPart) {
        flush();
        lastDisplayed = value;
        lastDisplayId = null;
        outbox.publish(parent, "display_data",
                Json.object("data", MimeBundleJson.toJson(bundleCap.apply(bundle)), "metadata", Json.object(), "transient", transientPart));
    }

    /** The bundle, or a short stand-in when it is larger than one cell may send. */
    public MimeBundle capped(MimeBundle bundle) {
        return bundleCap.apply(bundle);
    }

    /**
     * Whether this very object was the last thing the current cell displayed, or the display id that
     * showing it returned (a cell ending in {@code display(x)} has that id as its value).
     */
    public synchronized boolean wasJustDisplayed(Object value) {
        return value != null && (value == lastDisplayed || value == lastDisplayId);
    }

    private void publishStream(String name, String text) {
        if (text.isEmpty() || truncated) {
            return;
        }
        if (text.length() > charsLeft) {
            text = text.substring(0, charsLeft);
            truncated = true;
        }
        charsLeft -= text.length();
        if (!text.isEmpty()) {
            outbox.publish(parent, "stream", Json.object("name", name, "text", text));
        }
        if (truncated) {
            outbox.publish(parent, "stream", Json.object("name", "stderr", "text",
                    "\n[output truncated: this cell printed more than " + maxCellChars + " characters]\n"));
        }
    }

    /** Stops the timer after a last flush. */
    @Override
    public void close() {
        flusher.shutdownNow();
        flush();
    }
}
