package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellEvaluator;
import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import dev.course.kernel.jshell.CellOutcome.Failed;
import dev.course.kernel.jshell.JShellSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs a cell with magics: its line magics in order, then its Java; or its cell magic. A cell that
 * does not start with {@code %} goes to the Java runner untouched.
 *
 * <p>The first magic that fails stops the cell, as a failing snippet does. The cell's value is that
 * of its Java, or of its last magic when there is no Java ({@code %time 6 * 7} shows 42).
 */
public final class MagicCellRunner implements CellEvaluator {

    /** {@code ename} of a magic that failed. */
    public static final String MAGIC_ERROR = "MagicError";

    private final CellEvaluator java;
    private final Magics magics;
    private final JShellSession session;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workingDir;

    public MagicCellRunner(CellEvaluator java, Magics magics, JShellSession session, PrintStream out, PrintStream err,
            Path workingDir) {
        this.java = java;
        this.magics = magics;
        this.session = session;
        this.out = out;
        this.err = err;
        this.workingDir = workingDir;
    }

    @Override
    public CellOutcome run(String code, int executionCount) {
        if (!MagicCell.startsWithMagic(code)) {
            return java.run(code, executionCount);
        }
        session.clearInterrupt();
        MagicContext context = new MagicContext(java, session, out, err, workingDir, executionCount);
        try {
            MagicCell cell = MagicCell.parse(code);
            if (cell.cellMagic().isPresent()) {
                MagicCell.Call call = cell.cellMagic().get();
                return magics.require(call, true).runCell(call.args(), call.body(), context);
            }
            CellOutcome last = new Completed(Optional.empty());
            for (MagicCell.Call call : cell.lineMagics()) {
                last = magics.require(call, false).runLine(call.args(), context);
                if (last instanceof Failed) {
                    return last;
                }
            }
            return cell.java().isBlank() ? last : java.run(cell.java(), executionCount);
        } catch (MagicException e) {
            return failure(e.getMessage());
        }
    }

    /** The outcome of a magic that failed with this message. */
    public static Failed failure(String message) {
        return new Failed(MAGIC_ERROR, message, List.of(MAGIC_ERROR + ": " + message));
    }
}
