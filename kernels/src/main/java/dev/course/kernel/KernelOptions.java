package dev.course.kernel;

import dev.course.kernel.io.CellOutput;

/**
 * Settings of a kernel process, read from system properties so that they can be given on the
 * {@code java} command line (and in a kernelspec) without touching the protocol arguments.
 *
 * @param maxCellOutputChars {@value #MAX_OUTPUT_PROPERTY}: most characters one cell may print
 * @param debug              {@value #DEBUG_PROPERTY}: log every message handled to stderr
 * @param practiceCells      {@value #PRACTICE_CELLS_PROPERTY}: throwaway cells evaluated at start-up to warm
 *                           the JIT (the server's warm pool uses them; Jupyter's default is none)
 */
public record KernelOptions(int maxCellOutputChars, boolean debug, int practiceCells) {

    /** System property for {@link #maxCellOutputChars()}. */
    public static final String MAX_OUTPUT_PROPERTY = "course.kernel.maxCellOutputChars";

    /** System property for {@link #debug()}. */
    public static final String DEBUG_PROPERTY = "course.kernel.debug";

    /** System property for {@link #practiceCells()}. */
    public static final String PRACTICE_CELLS_PROPERTY = "course.kernel.practiceCells";

    public KernelOptions {
        if (maxCellOutputChars <= 0) {
            throw new IllegalArgumentException("maxCellOutputChars must be positive: " + maxCellOutputChars);
        }
        if (practiceCells < 0) {
            throw new IllegalArgumentException("practiceCells must not be negative: " + practiceCells);
        }
    }

    /** The options of this JVM's system properties, with defaults for those not set. */
    public static KernelOptions fromSystemProperties() {
        return new KernelOptions(
                Integer.getInteger(MAX_OUTPUT_PROPERTY, CellOutput.DEFAULT_MAX_CELL_CHARS),
                Boolean.getBoolean(DEBUG_PROPERTY),
                Integer.getInteger(PRACTICE_CELLS_PROPERTY, 0));
    }
}
