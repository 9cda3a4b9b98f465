package dev.course.kernel.io;

import dev.course.engine.display.MimeBundle;
import dev.course.kernel.display.DisplaySink;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 */
public final class CellOutput implements DisplaySink, AutoCloseable {

    /** The default cap on what one cell may print, in characters (about 1 MB of text). */
    public static final int DEFAULT_MAX_CELL_CHARS = 1_000_000;

    /** How often pending printed text is sent. */
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(50);

    /** Pending bytes of one stream that trigger sending at once, without waiting for the timer. */
    public static final int EAGER_FLUSH_BYTES = 8 * 1024;

    private final Outbox outbox;
    private final int maxCellChars;
    private final StreamBuffer out;
    private final StreamBuffer err;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final ScheduledExecutorService flusher;
    private final BundleCap bundleCap;

    // Guarded by this: which request output belongs to, and what the current cell has produced.
    private Message parent;
    private int charsLeft;
    private boolean truncated;
    private Object lastDisplayed;
    private String lastDisplayId;

    public CellOutput(Outbox outbox, int maxCellChars) {
        this.outbox = outbox;
        this.maxCellChars = maxCellChars;
        this.charsLeft = maxCellChars;
        this.bundleCap = new BundleCap(maxCellChars);
        this.out = new StreamBuffer("stdout", EAGER_FLUSH_BYTES, this::flush);
        this.err = new StreamBuffer("stderr", EAGER_FLUSH_BYTES, this::flush);
        this.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kernel-output-flusher");
            thread.setDaemon(true);
            return thread;
        });
        long interval = FLUSH_INTERVAL.toMillis();
        flusher.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.MILLISECONDS);
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

    /** Sends all pending printed text now, e.g. before a cell's result so the order stays right. */
    public synchronized void flush() {
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
     * in whichever cell it is.
     */
    @Override
    public synchronized void update(String displayId, MimeBundle bundle) {
        flush();
        lastDisplayId = null; // the id as a later cell value is asked for by name, not a display's leftover
        outbox.publish(parent, "update_display_data", Json.object("data", MimeBundleJson.toJson(bundleCap.apply(bundle)),
                "metadata", Json.object(), "transient", Json.object("display_id", displayId)));
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
