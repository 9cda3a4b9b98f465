package dev.course.kernel.jshell;

import dev.course.kernel.jshell.CellOutcome.Completed;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.Snippet.Status;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Runs a cell: splits it into snippets, evaluates them in order, and stops at the first one that
 * fails to compile, throws, or is interrupted — later snippets may depend on it.
 *
 * <p>The cell's value is the value of its last snippet when that snippet is an expression
 * ({@code 1 + 1}, {@code results}) — not a declaration, assignment or statement, as in IPython.
 * As in IPython, a semicolon after the last expression keeps its value quiet: {@code dot(a, b)}
 * shows 8.0, while {@code System.out.printf("…");} shows only what it prints, not the
 * PrintStream that {@code printf} returns.
 *
 * <p>The value is shown, not kept under a name: JShell stores every expression's value in a new
 * variable ({@code $1}, {@code $2}, …), and this runner drops that variable once the value is taken.
 * Why: JShell compiles each new snippet together with an import of every variable still defined,
 * and re-reads each such variable's class for each of the four compiler passes an expression
 * takes. A learner runs expression cells over and over (every value they look at), so the kept
 * {@code $N} made every later cell slower, without end: about 16 ms of compiling for {@code 1 + 1}
 * after a hundred cells instead of 11 (CPU time of the evaluating thread, measured here). The page
 * never shows these names, so no learner could have used them; variables a cell declares
 * ({@code var r = …}) are kept as before.
 */
public final class CellRunner implements CellEvaluator {

    private final JShellSession session;
    private final PrintStream notes;
    private final Map<String, SnippetOrigin> origins = new HashMap<>();

    /**
     * @param session the JShell to run in
     * @param notes   where to write notes that are not errors, such as "this method cannot be called
     *                until g() is declared" (the kernel passes the captured {@code System.err})
     */
    public CellRunner(JShellSession session, PrintStream notes) {
        this.session = session;
        this.notes = notes;
    }

    @Override
    public CellOutcome run(String code, int executionCount) {
        JShell shell = session.jshell();
        CapturingExecutionControl control = session.control();
        control.clearInterrupt();
        List<VarSnippet> temporaries = new ArrayList<>();
        try {
            return evaluate(shell, control, code, executionCount, temporaries);
        } finally {
            temporaries.forEach(shell::drop);
        }
    }

    /** Runs the cell's snippets; collects the temporary variables of its expressions, to drop. */
    private CellOutcome evaluate(JShell shell, CapturingExecutionControl control, String code, int executionCount,
                                 List<VarSnippet> temporaries) {
        Optional<CellValue> value = Optional.empty();
        for (CellSplitter.Piece piece : CellSplitter.split(shell.sourceCodeAnalysis(), code)) {
            if (control.interruptRequested()) {
                return ErrorReports.interrupted();
            }
            List<SnippetEvent> events = shell.eval(piece.source());
            value = Optional.empty();
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    continue; // a consequence of this snippet for an older one, e.g. a redefinition
                }
                Snippet snippet = event.snippet();
                if (snippet instanceof VarSnippet variable && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                    temporaries.add(variable);
                }
                origins.put(snippet.id(), new SnippetOrigin(executionCount, ErrorReports.lineOf(code, piece.offset())));
                if (control.interruptRequested()) {
                    return ErrorReports.interrupted();
                }
                if (event.status() == Status.REJECTED) {
                    return ErrorReports.compileError(code, piece, shell.diagnostics(snippet).toList());
                }
                if (event.exception() instanceof UnresolvedReferenceException unresolved) {
                    DeclarationSnippet declaration = unresolved.getSnippet();
                    return ErrorReports.unresolvedReference(ErrorReports.lineOf(code, piece.offset()),
                            declaration.name(), shell.unresolvedDependencies(declaration).toList());
                }
                if (event.exception() instanceof EvalException thrown) {
                    return ErrorReports.runtimeError(thrown, origins, executionCount);
                }
                noteUnresolvedDependencies(shell, snippet, event.status());
                if (hasValueToShow(snippet) && !endsWithSemicolon(piece.source())) {
                    value = Optional.of(new CellValue(ErrorReports.clean(event.value()), control.lastValue()));
                }
            }
        }
        return new Completed(value);
    }

    /** Expressions show their value; declarations, assignments and statements do not. */
    private static boolean hasValueToShow(Snippet snippet) {
        return snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND;
    }

    private static boolean endsWithSemicolon(String source) {
        return source.strip().endsWith(";");
    }

    /** A method that calls one not yet written is accepted by JShell; say why it cannot run yet. */
    private void noteUnresolvedDependencies(JShell shell, Snippet snippet, Status status) {
        if (!(snippet instanceof DeclarationSnippet declaration)
                || (status != Status.RECOVERABLE_DEFINED && status != Status.RECOVERABLE_NOT_DEFINED)) {
            return;
        }
        List<String> missing = shell.unresolvedDependencies(declaration).toList();
        if (!missing.isEmpty()) {
            notes.println("note: " + declaration.name() + " cannot be used until "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " declared");
        }
    }
}
