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

    static final int WIDTH = 30;
    static final long REDRAW_MILLIS = 200;

    private final PrintStream out;
    private String phase;
    private long phaseStart;
    private long lastDraw;
    private boolean lineOpen;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    /** A bar on the process's stderr. */
    static ProgressBar onStderr() {
        return new ProgressBar(System.err);
    }

    @Override
    public synchronized void update(String newPhase, long done, long total) {
        long now = System.nanoTime();
        if (!newPhase.equals(phase)) {
            endLine();
            phase = newPhase;
            phaseStart = now;
            lastDraw = 0;
        }
        boolean finished = total > 0 && done >= total;
        if (!finished && (now - lastDraw) / 1_000_000 < REDRAW_MILLIS) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(phase, done, total, (now - phaseStart) / 1e9));
        out.flush();
        lineOpen = true;
        if (finished) {
            endLine();
            phase = null;
        }
    }

    /** The text of one bar. */
    static String line(String phase, long done, long total, double seconds) {
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s  %d  %.0f s", phase, done, seconds);
        }
        double share = Math.min(1, (double) done / total);
        int filled = (int) Math.round(share * WIDTH);
        String eta = done > 0 && done < total
                ? String.format(Locale.ROOT, ", about %.0f s left", seconds / share - seconds) : "";
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %3.0f%%  %.0f s%s   ", phase, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, share * 100, seconds, eta);
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
