package dev.course.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.kernel.jshell.CodeAssistant.CellCompleteness;
import dev.course.kernel.jshell.CodeAssistant.Completion;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodeAssistantTest {

    private JShellSession session;
    private CodeAssistant assistant;

    @BeforeAll
    void start() {
        session = new JShellSession(System.out, System.err);
        assistant = new CodeAssistant(session);
        new CellRunner(session, System.err).run("int counter = 0;\nint countUp() { return ++counter; }", 1);
    }

    @AfterAll
    void stop() {
        session.close();
    }

    @Test
    void completesInTheSnippetUnderTheCursor() {
        String code = "int a = 1;\nMath.ma";
        Completion completion = assistant.complete(code, code.length());
        assertEquals(List.of("max("), completion.matches());
        assertEquals(code.length() - 2, completion.start());
        assertEquals(code.length(), completion.end());
    }

    @Test
    void completesNamesTheLearnerDeclared() {
        Completion completion = assistant.complete("coun", 4);
        assertTrue(completion.matches().containsAll(List.of("counter", "countUp()")), completion.matches().toString());
        assertEquals(0, completion.start());
    }

    @Test
    void documentsWhatTheCursorIsOnOrIn() {
        List<String> inCall = assistant.documentation("Math.abs(", 9);
        assertTrue(inCall.stream().anyMatch(doc -> doc.startsWith("int Math.abs(int a)")), inCall.toString());
        List<String> onName = assistant.documentation("Math.abs(-1)", 7);
        assertEquals(inCall, onName);
        assertEquals(List.of(), assistant.documentation("    ", 2));
    }

    @Test
    void tellsCompleteFromIncompleteCells() {
        assertEquals(CellCompleteness.COMPLETE, assistant.completeness("1 + 1"));
        assertEquals(CellCompleteness.COMPLETE, assistant.completeness("int x = 1\n"));
        assertEquals(CellCompleteness.COMPLETE, assistant.completeness(""));
        assertEquals(CellCompleteness.INCOMPLETE, assistant.completeness("int f() {\n  return 1;"));
        assertEquals(CellCompleteness.INCOMPLETE, assistant.completeness("int y = 1;\nString s = \"abc\" +"));
    }
}
