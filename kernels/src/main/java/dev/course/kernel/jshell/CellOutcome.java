package dev.course.kernel.jshell;

import java.util.List;
import java.util.Optional;

/** How running a cell ended: every snippet ran, or one failed and the rest were skipped. */
public sealed interface CellOutcome {

    /**
     * Every snippet ran.
     *
     * @param value the value of the last snippet if it was an expression worth showing
     */
    record Completed(Optional<CellValue> value) implements CellOutcome {
    }

    /**
     * A snippet did not compile, threw, or was interrupted. The fields are those of Jupyter's
     * {@code error} message.
     *
     * @param ename     what went wrong: an exception class, {@code CompileError} or {@code Interrupted}
     * @param evalue    the short explanation
     * @param traceback the full report, one line per element, naming the cell line that failed
     */
    record Failed(String ename, String evalue, List<String> traceback) implements CellOutcome {

        public Failed {
            traceback = List.copyOf(traceback);
        }
    }
}
