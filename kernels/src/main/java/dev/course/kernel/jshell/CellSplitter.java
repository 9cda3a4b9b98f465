package dev.course.kernel.jshell;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Cuts a cell into the snippets JShell evaluates one at a time: {@code int x = 2; x * x} is a
 * declaration and then an expression.
 *
 * <p>JShell's own {@link SourceCodeAnalysis#analyzeCompletion} finds where the first complete snippet
 * ends; the splitter repeats that on the rest. An unfinished tail ({@code int f() {}) is kept as one
 * last piece, so evaluating it reports the compile error a learner needs to see.
 */
final class CellSplitter {

    /**
     * One snippet of a cell.
     *
     * @param source       the text to evaluate (JShell may have added a missing final semicolon)
     * @param offset       where it starts in the cell, to turn positions into cell line numbers
     * @param completeness what JShell thinks of it; only the last piece can be unfinished
     */
    record Piece(String source, int offset, Completeness completeness) {

        boolean isComplete() {
            return completeness == Completeness.COMPLETE || completeness == Completeness.COMPLETE_WITH_SEMI;
        }
    }

    private CellSplitter() {
    }

    static List<Piece> split(SourceCodeAnalysis analysis, String cell) {
        List<Piece> pieces = new ArrayList<>();
        int offset = 0;
        String rest = cell;
        while (true) {
            // JShell numbers the lines of a snippet from its first non-blank line, so leading blank
            // lines are left out; otherwise stack traces would point to the wrong line.
            String stripped = rest.stripLeading();
            offset += rest.length() - stripped.length();
            rest = stripped;
            if (rest.isEmpty()) {
                return pieces;
            }
            CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                return pieces; // only comments are left
            }
            boolean complete = completeness == Completeness.COMPLETE || completeness == Completeness.COMPLETE_WITH_SEMI;
            if (!complete || info.source() == null || !rest.endsWith(info.remaining())
                    || info.remaining().length() == rest.length()) {
                pieces.add(new Piece(rest, offset, completeness));
                return pieces;
            }
            pieces.add(new Piece(info.source(), offset, completeness));
            offset += rest.length() - info.remaining().length();
            rest = info.remaining();
        }
    }
}
