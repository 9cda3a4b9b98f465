package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellEvaluator;
import dev.course.kernel.jshell.JShellSession;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a magic may use while it runs, on the thread that evaluates cells.
 *
 * @param java           runs Java source as a cell of its own (for {@code %time}, {@code %load})
 * @param session        the JShell session, to extend its class path or to see an interrupt
 * @param out            the cell's standard output
 * @param err            the cell's standard error
 * @param workingDir     what relative paths are relative to (the kernel's working folder)
 * @param executionCount the number of the running cell
 */
public record MagicContext(CellEvaluator java, JShellSession session, PrintStream out, PrintStream err,
        Path workingDir, int executionCount) {
}
