package dev.course.engine.corpus;

/**
 * Where long jobs (reading the JDK sources, embedding thousands of texts, building a graph) report
 * how far they are, so a command line can draw a bar and a lesson can stay quiet.
 */
@FunctionalInterface
public interface Progress {

    /** Reports nothing. */
    Progress NONE = (phase, done, total) -> { };

    /**
     * {@code done} of {@code total} units of {@code phase} are finished ({@code total} may be 0 when
     * unknown). Called from the working thread, often: implementations must be cheap.
     */
    void update(String phase, long done, long total);

    /**
     * Reports as plain lines, for a notebook cell or a log: one when a phase starts, one each time a
     * further quarter of it is done. A cell that runs for a minute then shows that it is working and
     * where, instead of nothing until it ends.
     */
    static Progress lines(java.io.PrintStream out) {
        return new Progress() {
            private String phase;
            private long shownQuarter;

            @Override
            public void update(String phase, long done, long total) {
                long quarter = total > 0 ? 4 * done / total : 0;
                if (!phase.equals(this.phase)) {
                    this.phase = phase;
                    shownQuarter = quarter;
                    out.println(phase + (total > 0 ? String.format(java.util.Locale.ROOT, ": %,d of %,d", done, total) : ""));
                } else if (quarter > shownQuarter) {
                    shownQuarter = quarter;
                    out.println(phase + String.format(java.util.Locale.ROOT, ": %,d of %,d", done, total));
                }
            }
        };
    }

    /**
     * Reports as one text redrawn in place: a line per phase so far, each with a bar. Every redraw hands
     * {@code redraw} the whole text, which replaces what it showed before. A notebook cell wires it to
     * its kernel's display update, so a minute-long cell shows one moving bar instead of nothing (or a
     * hundred lines):
     *
     * <pre>{@code
     * String bar = display("starting");
     * Progress progress = Progress.inPlace(text -> updateDisplay(bar, text));
     * }</pre>
     *
     * It redraws when a phase starts or ends and otherwise at most every
     * {@value InPlaceProgress#REDRAW_MILLIS} ms, so a job that reports a million steps sends a few dozen
     * redraws. The engine knows nothing of kernels: the cell supplies what a redraw means.
     */
    static Progress inPlace(java.util.function.Consumer<String> redraw) {
        return new InPlaceProgress(redraw, System::nanoTime);
    }

    /**
     * The text of one bar: {@code phase [#########.....................]  900/3000  30%  4 s, about 9 s left}
     * ({@code phase  900  4 s} when the total is unknown).
     */
    static String bar(String phase, long done, long total, double seconds) {
        if (total <= 0) {
            return String.format(java.util.Locale.ROOT, "%s  %d  %.0f s", phase, done, seconds);
        }
        double share = Math.min(1, (double) done / total);
        int filled = (int) Math.round(share * BAR_WIDTH);
        String eta = done > 0 && done < total
                ? String.format(java.util.Locale.ROOT, ", about %.0f s left", seconds / share - seconds) : "";
        return String.format(java.util.Locale.ROOT, "%s [%s%s] %d/%d %3.0f%%  %.0f s%s", phase, "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled), done, total, share * 100, seconds, eta);
    }

    /** Characters of a {@link #bar}. */
    int BAR_WIDTH = 30;
}
