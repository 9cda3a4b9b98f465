package dev.course.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code run_java} tool inside a real kernel process runs its snippets in the learner's own
 * session: they see what earlier cells defined, what they define stays, what they print reaches both
 * the cell and the tool's answer, and a call from a thread the cell started is refused, not hung.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelMainRunJavaTest {

    private static final String TOOL = "var runJava = new dev.course.engine.rag.tools.JavaSnippetTool();\n"
            + "com.fasterxml.jackson.databind.JsonNode code(String java) {\n"
            + "    return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put(\"code\", java);\n"
            + "}";

    private StdioKernel kernel;

    @BeforeAll
    void startKernel() throws Exception {
        kernel = StdioKernel.start();
        assertEquals("ok", kernel.execute(TOOL).status());
    }

    @AfterAll
    void stopKernel() {
        kernel.close();
    }

    @Test
    @Order(1)
    void aSnippetSeesTheLearnersDefinitions() {
        assertEquals("ok", kernel.execute("int base = 40;\nint twice(int x) { return 2 * x; }").status());
        StdioKernel.Execution call = kernel.execute("runJava.call(code(\"twice(base) + 2\"))");
        assertEquals("ok", call.status(), call.iopub().toString());
        assertEquals("\"value: 82\"", call.resultText());
    }

    @Test
    @Order(2)
    void whatASnippetDefinesStaysForLaterCellsAndWhatItPrintsIsInBoth() {
        StdioKernel.Execution call = kernel.execute("runJava.call(code(\"int answer = base + 2;\\nSystem.out.println(\\\"computed\\\");\\nanswer\"))");
        assertEquals("ok", call.status(), call.iopub().toString());
        assertEquals("\"output:\\ncomputed\\nvalue: 42\"", call.resultText());
        assertEquals("computed\n", call.stream("stdout"), "the learner sees what the tool ran print");
        assertEquals("43", kernel.execute("answer + 1").resultText());
    }

    @Test
    @Order(3)
    void aSnippetThatDoesNotCompileIsTheToolsErrorAndTheCellGoesOn() {
        StdioKernel.Execution call = kernel.execute("""
                String why;
                try { runJava.call(code("int broken = \\"text\\";")); why = "compiled"; }
                catch (IllegalArgumentException e) { why = e.getMessage(); }
                why""");
        assertTrue(call.resultText().contains("does not compile"), call.resultText());
        assertEquals("42", kernel.execute("answer").resultText(), "the session is intact");
    }

    @Test
    @Order(4)
    void aThreadTheCellStartedIsRefusedRatherThanLeftWaiting() {
        StdioKernel.Execution call = kernel.execute("""
                var failure = new java.util.concurrent.atomic.AtomicReference<String>();
                Thread helper = new Thread(() -> {
                    try { runJava.call(code("1 + 1")); } catch (IllegalStateException e) { failure.set(e.getMessage()); }
                });
                helper.start();
                helper.join(10_000);
                failure.get()""");
        assertEquals("ok", call.status(), call.iopub().toString());
        assertTrue(call.resultText().contains("cell's own thread"), call.resultText());
    }
}
