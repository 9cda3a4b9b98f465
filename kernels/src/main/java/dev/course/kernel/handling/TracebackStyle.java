package dev.course.kernel.handling;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How an error's traceback is written for the front end. Jupyter front ends render ANSI colours in
 * tracebacks (IPython's are coloured); the course page shows the lines as text and marks the failing
 * line itself, so it gets them plain.
 */
public enum TracebackStyle {

    /** The lines as they are: for the course server (stdio). */
    PLAIN,

    /**
     * The headline in bold red, "Caused by" lines in red, frames in the learner's cells in green, the
     * offending cell line in bold and the carets under it in red: for Jupyter (ZMQ).
     */
    ANSI;

    private static final String BOLD_RED = "\u001b[1;31m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    /** {@code at half (cell [3], line 4)} or {@code at line 2}: a frame of cell code. */
    private static final Pattern CELL_FRAME = Pattern.compile("\\s+at (?:.*\\()?(?:cell \\[\\d+], )?line \\d+\\)?");
    /** {@code   6 | int b = "two";}: the cell line a compile error is on. */
    private static final Pattern EXCERPT = Pattern.compile("\\s+\\d+ \\| .*");
    /** {@code     |         ^^^^^}: the carets under it. */
    private static final Pattern CARETS = Pattern.compile("\\s+\\| *\\^+");

    /** The traceback in this style. */
    public List<String> apply(List<String> traceback) {
        if (this == PLAIN) {
            return traceback;
        }
        List<String> coloured = new ArrayList<>(traceback.size());
        for (int i = 0; i < traceback.size(); i++) {
            coloured.add(colour(traceback.get(i), i == 0));
        }
        return coloured;
    }

    private static String colour(String line, boolean headline) {
        if (headline) {
            return BOLD_RED + line + RESET;
        }
        if (line.startsWith("Caused by: ")) {
            return RED + line + RESET;
        }
        if (CELL_FRAME.matcher(line).matches()) {
            return GREEN + line + RESET;
        }
        if (EXCERPT.matcher(line).matches()) {
            return BOLD + line + RESET;
        }
        if (CARETS.matcher(line).matches()) {
            return RED + line + RESET;
        }
        return line;
    }
}
