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
}
