package dev.course.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellSplitterTest {

    private JShell jshell;

    @BeforeAll
    void start() {
        jshell = JShell.builder().executionEngine("local").build();
    }

    @AfterAll
    void stop() {
        jshell.close();
    }

    @Test
    void cutsACellIntoSnippetsAndRemembersWhereEachStarts() {
        String cell = "int x = 2;\n\n  // square it\nint square(int n) {\n  return n * n;\n}\nsquare(x)\n";
        List<CellSplitter.Piece> pieces = CellSplitter.split(jshell.sourceCodeAnalysis(), cell);

        assertEquals(3, pieces.size());
        assertEquals("int x = 2;", pieces.get(0).source());
        assertEquals(0, pieces.get(0).offset());
        assertEquals(cell.indexOf("// square it"), pieces.get(1).offset(), "blank lines are skipped, comments kept");
        assertEquals("square(x)", pieces.get(2).source().strip());
        assertEquals(cell.indexOf("square(x)"), pieces.get(2).offset());
    }

    @Test
    void addsAMissingSemicolonAndKeepsAnUnfinishedTail() {
        List<CellSplitter.Piece> withoutSemicolon = CellSplitter.split(jshell.sourceCodeAnalysis(), "int b = 2\n");
        assertEquals(Completeness.COMPLETE_WITH_SEMI, withoutSemicolon.getFirst().completeness());
        assertEquals("int b = 2;", withoutSemicolon.getFirst().source().strip());

        List<CellSplitter.Piece> pieces = CellSplitter.split(jshell.sourceCodeAnalysis(), "int a = 1;\nint f() {");
        assertEquals(2, pieces.size());
        assertEquals(Completeness.DEFINITELY_INCOMPLETE, pieces.get(1).completeness());
        assertEquals("int f() {", pieces.get(1).source());
    }

    @Test
    void commentsAndBlanksAloneAreNoSnippets() {
        assertEquals(List.of(), CellSplitter.split(jshell.sourceCodeAnalysis(), "\n  // nothing here\n/* really */\n"));
        assertEquals(List.of(), CellSplitter.split(jshell.sourceCodeAnalysis(), ""));
    }
}
