package dev.course.kernel.jshell;

/**
 * Something that runs a whole cell: {@link CellRunner} for Java, or the magics layer in front of it.
 * The execute handler only knows this interface.
 */
@FunctionalInterface
public interface CellEvaluator {

    /**
     * Runs a cell. Only from the thread that owns the session.
     *
     * @param code           the cell's source
     * @param executionCount the cell's number, used to name it in stack traces of later cells
     */
    CellOutcome run(String code, int executionCount);
}
