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
}
