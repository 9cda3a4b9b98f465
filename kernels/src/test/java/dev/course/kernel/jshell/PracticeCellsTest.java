package dev.course.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.kernel.jshell.CellOutcome.Completed;
import dev.course.kernel.jshell.CellOutcome.Failed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The practice a warm kernel runs: every kind of cell it is there for, and no trace left for the learner. */
class PracticeCellsTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private JShellSession session;
    private CellRunner runner;

    @BeforeEach
    void start() {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        session = new JShellSession(out, out);
        runner = new CellRunner(session, out);
    }

    @AfterEach
    void stop() {
        session.close();
    }

    @Test
    void practisesEveryKindOfCellAsItShouldEnd() {
        int cells = PracticeCells.CELLS.size();
        assertEquals(cells, PracticeCells.practise(runner, session.jshell(), cells),
                "each practice cell gives a value, or the compile error or exception it is there to practise");
        Set<Snippet.SubKind> kinds = session.jshell().snippets().map(Snippet::subKind).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of(Snippet.SubKind.METHOD_SUBKIND, Snippet.SubKind.VAR_DECLARATION_WITH_INITIALIZER_SUBKIND,
                        Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND)),
                "methods, variables and expressions were practised: " + kinds);
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "practice prints nothing: nobody is there to read it");
    }

    @Test
    void leavesNoVariableOrMethodForTheLearner() {
        PracticeCells.practise(runner, session.jshell(), 2 * PracticeCells.CELLS.size());
        JShell shell = session.jshell();
        assertEquals(0, shell.variables().filter(v -> shell.status(v).isActive()).count(), "no practice variable is left");
        assertEquals(0, shell.methods().filter(m -> shell.status(m).isActive()).count(), "no practice method is left");
        assertInstanceOf(Failed.class, runner.run("practiceA", 1), "practiceA is gone");
        // the learner's own cell with the same shapes runs as in a fresh kernel
        CellOutcome own = runner.run("double[] practiceA = {1, 2};\npracticeA.length", 2);
        Completed completed = assertInstanceOf(Completed.class, own);
        assertEquals("2", completed.value().orElseThrow().text());
    }
}
