package dev.course.server.cli;

import dev.course.engine.corpus.Progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A textual progress bar on stderr, so that stdout stays clean for results and {@code --json}:
 *
 * <pre>embedding with bge-small-en-v1.5-q [##########..........]  26112/52780  49%  52 s, about 53 s left</pre>
 *
 * One line per phase, redrawn in place with a carriage return at most every {@value #REDRAW_MILLIS}
 * ms, and finished with a newline when the phase changes or ends. Work that cannot count its steps
 * shows a {@link #ticker} instead: the phase and the seconds it has taken so far.
 */
final class ProgressBar implements Progress, AutoCloseable {

    static final int WIDTH = Progress.BAR_WIDTH;
    static final long REDRAW_MILLIS = 200;

    private final PrintStream out;
    private final boolean bytes;
    private String phase;
    private long phaseStart;
    private long phaseStartDone;
    private long lastDraw;
    private boolean lineOpen;

    ProgressBar(PrintStream out) {
        this(out, false);
    }

    private ProgressBar(PrintStream out, boolean bytes) {
        this.out = out;
        this.bytes = bytes;
    }

    /** A bar on the process's stderr. */
    static ProgressBar onStderr() {
        return new ProgressBar(System.err);
    }

    /** A bar on stderr for work counted in bytes (a download): megabytes, MB/s and the time left. */
    static ProgressBar bytesOnStderr() {
        return new ProgressBar(System.err, true);
    }

    @Override
    public synchronized void update(String newPhase, long done, long total) {
        long now = System.nanoTime();
        if (!newPhase.equals(phase)) {
            endLine();
            phase = newPhase;
            phaseStart = now;
            phaseStartDone = done;
            lastDraw = 0;
        }
        boolean finished = total > 0 && done >= total;
        if (!finished && (now - lastDraw) / 1_000_000 < REDRAW_MILLIS) {
            return;
        }
        lastDraw = now;
        double seconds = (now - phaseStart) / 1e9;
        out.print("\r" + (bytes ? byteLine(phase, done, total, done - phaseStartDone, seconds) : line(phase, done, total, seconds)));
        out.flush();
        lineOpen = true;
        if (finished) {
            endLine();
            phase = null;
        }
    }

    /** The text of one bar (the engine's, with room to overwrite a longer one). */
    static String line(String phase, long done, long total, double seconds) {
        return Progress.bar(phase, done, total, seconds) + (total <= 0 ? "" : "   ");
    }

    /**
     * The text of one bar for bytes: {@code phase [###...] 120.4/386.4 MB  31%  12.5 MB/s, about 21 s left}.
     * The rate counts only the {@code moved} bytes of this run, not those a resumed download already had.
     */
    static String byteLine(String phase, long done, long total, long moved, double seconds) {
        double rate = seconds > 0 ? moved / 1e6 / seconds : 0;
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s  %.1f MB  %.1f MB/s   ", phase, done / 1e6, rate);
        }
        double share = Math.min(1, (double) done / total);
        int filled = (int) Math.round(share * WIDTH);
        String eta = done > 0 && done < total && rate > 0
                ? String.format(Locale.ROOT, ", about %.0f s left", (total - done) / 1e6 / rate) : "";
        return String.format(Locale.ROOT, "%s [%s%s] %.1f/%.1f MB %3.0f%%  %.1f MB/s%s   ", phase, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done / 1e6, total / 1e6, share * 100, rate, eta);
    }

    /**
     * Shows {@code phase} and its elapsed seconds, redrawn every second from a background thread,
     * until the returned ticker is closed: for work that reports no steps (a benchmark's timed rounds).
     */
    Ticker ticker(String phase) {
        return new Ticker(phase);
    }

    final class Ticker implements AutoCloseable {
        private final Thread thread;

        private Ticker(String tickerPhase) {
            long start = System.nanoTime();
            update(tickerPhase, 0, 0);
            thread = Thread.ofPlatform().daemon().name("progress-ticker").start(() -> {
                try {
                    while (true) {
                        Thread.sleep(1000);
                        synchronized (ProgressBar.this) {
                            out.print("\r" + tickerPhase + "  " + String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - start) / 1e9) + "   ");
                            out.flush();
                            lineOpen = true;
                        }
                    }
                } catch (InterruptedException e) {
                    // closed
                }
            });
        }

        @Override
        public void close() {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (ProgressBar.this) {
                endLine();
                phase = null;
            }
        }
    }

    /** A line of its own (a message between bars). */
    synchronized void message(String text) {
        endLine();
        out.println(text);
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    @Override
    public synchronized void close() {
        endLine();
    }
}
