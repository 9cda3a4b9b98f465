package dev.course.kernel;

import static dev.course.kernel.StdioKernel.isChild;
import static dev.course.kernel.StdioKernel.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.StdioKernel.Execution;
import dev.course.kernel.protocol.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import dev.course.kernel.protocol.MimeTypes;

/**
 * The kernel as the course server uses it: a real child process speaking JSON lines over stdio. One
 * kernel serves all tests of this class (starting a JVM with JShell takes a few seconds); the last
 * test shuts it down.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelMainStdioTest {

    private StdioKernel kernel;

    @BeforeAll
    void startKernel() throws Exception {
        kernel = StdioKernel.start();
    }

    @AfterAll
    void stopKernel() throws Exception {
        kernel.close();
    }

    @Test
    @Order(1)
    void publishesStartingThenAnswersKernelInfo() {
        String id = kernel.send("shell", "kernel_info_request", Json.object());
        JsonNode reply = kernel.reply(id);

        JsonNode first = kernel.messages(m -> true).getFirst();
        assertEquals("status", type(first));
        assertEquals("starting", first.path("content").path("execution_state").asText());
        assertEquals("shell", reply.path("channel").asText());
        assertEquals("kernel_info_reply", type(reply));
        JsonNode content = reply.path("content");
        assertEquals("ok", content.path("status").asText());
        assertEquals("5.3", content.path("protocol_version").asText());
        assertEquals("course-java", content.path("implementation").asText());
        assertEquals("java", content.path("language_info").path("name").asText());
        assertEquals("text/x-java", content.path("language_info").path("mimetype").asText());
        assertEquals(".jshell", content.path("language_info").path("file_extension").asText());
        assertEquals(String.valueOf(Runtime.version().feature()), content.path("language_info").path("version").asText());
        assertEquals("5.3", reply.path("header").path("version").asText());
        assertEquals(List.of("busy", "idle"), states(kernel.iopubUntilIdle(id)));
    }

    @Test
    @Order(2)
    void anExpressionBecomesTheExecuteResult() {
        Execution run = kernel.execute("1+1");

        assertEquals("ok", run.status());
        assertEquals("2", run.resultText());
        int count = run.reply().path("content").path("execution_count").asInt();
        assertTrue(count >= 1);
        JsonNode input = run.ofType("execute_input").getFirst().path("content");
        assertEquals("1+1", input.path("code").asText());
        assertEquals(count, input.path("execution_count").asInt());
        assertEquals(count, run.ofType("execute_result").getFirst().path("content").path("execution_count").asInt());
        assertEquals(List.of("busy", "idle"), states(run.iopub()));
        assertEquals("execute_input", type(run.iopub().get(1)), "execute_input right after busy");
    }

    @Test
    @Order(3)
    void aCellOfSeveralSnippetsShowsOnlyItsLastExpression() {
        Execution run = kernel.execute("int x = 20;\nint y = x + 1;\nx * 2 + y / 21");
        assertEquals("41", run.resultText());

        assertTrue(kernel.execute("int z = 5;").ofType("execute_result").isEmpty(), "declarations show nothing");
        assertEquals("\"hi\"", kernel.execute("\"hi\"").resultText(), "strings are shown quoted, as JShell does");
        assertEquals("int[3] { 1, 2, 3 }", kernel.execute("new int[] {1, 2, 3}").resultText());
    }

    @Test
    @Order(4)
    void printedTextBecomesStreamMessages() {
        Execution run = kernel.execute("System.out.println(\"hello\");\nSystem.err.println(\"oops\");\nSystem.out.print(\"größe ✓\");");

        assertEquals("hello\ngröße ✓", run.stream("stdout"));
        assertEquals("oops\n", run.stream("stderr"));
        assertTrue(run.ofType("execute_result").isEmpty());
    }

    @Test
    @Order(5)
    void outputStreamsInWhileTheCellRuns() {
        String id = kernel.send("shell", "execute_request", Json.object("code",
                "for (int i = 0; i < 3; i++) { System.out.println(\"tick \" + i); Thread.sleep(400); }"));
        kernel.iopubUntilIdle(id);

        long firstTick = kernel.arrivalOf(m -> isChild(m, id) && type(m).equals("stream"));
        long reply = kernel.arrivalOf(m -> isChild(m, id) && type(m).equals("execute_reply"));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(reply - firstTick) > 600,
                "the first line arrived long before the cell ended");
        String text = kernel.messages(m -> isChild(m, id) && type(m).equals("stream")).stream()
                .map(m -> m.path("content").path("text").asText()).reduce("", String::concat);
        assertEquals("tick 0\ntick 1\ntick 2\n", text);
    }

    @Test
    @Order(6)
    void aCompileErrorNamesTheFailingLine() {
        Execution run = kernel.execute("int a = 1;\n\nString s = undefinedThing;\nint never = 2;");

        assertEquals("error", run.status());
        JsonNode error = run.error();
        assertEquals("CompileError", error.path("ename").asText());
        assertEquals("line 3: cannot find symbol", error.path("evalue").asText());
        List<String> traceback = run.traceback();
        assertEquals("line 3: cannot find symbol", traceback.getFirst());
        assertTrue(traceback.contains("  3 | String s = undefinedThing;"), traceback.toString());
        assertEquals(run.reply().path("content").path("ename").asText(), "CompileError");
        assertEquals("CompileError", kernel.execute("never").error().path("ename").asText(),
                "snippets after the failing one did not run");
    }

    @Test
    @Order(7)
    void aRuntimeExceptionReportsTheExceptionAndTheCellFrames() {
        kernel.execute("int divide(int n, int d) {\n    return n / d;\n}");
        Execution run = kernel.execute("int ok = 1;\ndivide(1, 0)");

        assertEquals("error", run.status());
        assertEquals("java.lang.ArithmeticException", run.error().path("ename").asText());
        assertEquals("/ by zero", run.error().path("evalue").asText());
        List<String> traceback = run.traceback();
        assertEquals("java.lang.ArithmeticException: / by zero", traceback.getFirst());
        int definingCell = run.reply().path("content").path("execution_count").asInt() - 1;
        assertTrue(traceback.contains("    at divide (cell [" + definingCell + "], line 2)"), traceback.toString());
        assertTrue(traceback.contains("    at line 2"), traceback.toString());
        assertTrue(run.traceback().stream().noneMatch(line -> line.contains("$JShell$")), "no wrapper class names");
    }

    @Test
    @Order(8)
    void theDisplayApiPublishesDisplayData() {
        Execution run = kernel.execute("""
                display(List.of(1, 2));
                html("<b>bold</b>");
                svg("<svg xmlns='http://www.w3.org/2000/svg'/>");
                markdown("# Title");
                display(new double[] {0.5, 1.5});""");

        List<JsonNode> displays = run.ofType("display_data");
        assertEquals(5, displays.size(), run.iopub().toString());
        assertEquals("[1, 2]", data(displays.get(0)).path("text/plain").asText());
        assertEquals("<b>bold</b>", data(displays.get(1)).path("text/html").asText());
        assertEquals("bold", data(displays.get(1)).path("text/plain").asText());
        assertEquals("<svg xmlns='http://www.w3.org/2000/svg'/>", data(displays.get(2)).path("image/svg+xml").asText());
        assertEquals("# Title", data(displays.get(3)).path("text/markdown").asText());
        assertEquals("[0.5, 1.5]", data(displays.get(4)).path("text/plain").asText());
        assertTrue(run.ofType("execute_result").isEmpty());
    }

    @Test
    @Order(9)
    void aRenderableValueIsShownAsItsBundle() {
        kernel.execute("""
                record Score(double value) implements Renderable {
                    public MimeBundle render() {
                        return MimeBundle.html("<meter value='" + value + "'></meter>", "score " + value);
                    }
                }""");
        Execution run = kernel.execute("new Score(0.75)");

        JsonNode data = run.ofType("execute_result").getFirst().path("content").path("data");
        assertEquals("<meter value='0.75'></meter>", data.path("text/html").asText());
        assertEquals("score 0.75", data.path("text/plain").asText());

        JsonNode shown = data(kernel.execute("display(new Score(0.5))").ofType("display_data").getFirst());
        assertEquals("score 0.5", shown.path("text/plain").asText());
    }

    @Test
    @Order(10)
    void interruptStopsAnEndlessLoopAndTheKernelCarriesOn() {
        String loop = kernel.send("shell", "execute_request", Json.object("code", "int spins = 0;\nwhile (true) { spins++; }"));
        kernel.await(m -> isChild(m, loop) && type(m).equals("execute_input"), StdioKernel.TIMEOUT);
        sleep(300);

        String info = kernel.send("control", "kernel_info_request", Json.object());
        assertEquals("control", kernel.reply(info).path("channel").asText(), "control is answered while a cell runs");
        assertFalse(kernel.arrives(m -> isChild(m, loop) && type(m).equals("execute_reply"), Duration.ofMillis(200)));

        long start = System.nanoTime();
        String interrupt = kernel.send("control", "interrupt_request", Json.object());
        assertEquals("interrupt_reply", type(kernel.reply(interrupt)));
        JsonNode reply = kernel.reply(loop);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "stopped within seconds");
        assertEquals("error", reply.path("content").path("status").asText());
        assertEquals("Interrupted", reply.path("content").path("ename").asText());

        assertEquals("2", kernel.execute("1 + 1").resultText());
    }

    @Test
    @Order(11)
    void interruptAlsoEndsASleepingCell() {
        String sleeper = kernel.send("shell", "execute_request", Json.object("code", "Thread.sleep(60_000);"));
        kernel.await(m -> isChild(m, sleeper) && type(m).equals("execute_input"), StdioKernel.TIMEOUT);
        sleep(300);
        kernel.send("control", "interrupt_request", Json.object());

        JsonNode reply = kernel.reply(sleeper);
        assertEquals("Interrupted", reply.path("content").path("ename").asText());
    }

    @Test
    @Order(12)
    void exerciseChecksReportEachCheck() {
        kernel.execute("""
                double dot(double[] a, double[] b) {
                    double sum = 0;
                    for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
                    return sum;
                }""");
        Execution failing = kernel.execute("""
                import org.junit.jupiter.api.*;
                import static org.junit.jupiter.api.Assertions.*;
                class DotChecks {
                    @Test @DisplayName("orthogonal vectors")
                    void orthogonal() { assertEquals(0.0, dot(new double[] {1, 0}, new double[] {0, 1})); }
                    @Test @DisplayName("parallel vectors")
                    void parallel() { assertEquals(1.0, dot(new double[] {1, 0}, new double[] {0.5, 0})); }
                }
                dev.course.kernel.exercise.Checks.run("dot", DotChecks.class);""");

        assertEquals("ok", failing.status(), failing.iopub().toString());
        List<JsonNode> displays = failing.ofType("display_data");
        assertEquals(1, displays.size(), failing.iopub().toString());
        assertTrue(failing.ofType("execute_result").isEmpty(), "the returned report is not shown twice");
        JsonNode report = data(displays.getFirst()).path(MimeTypes.CHECK);
        assertTrue(report.isObject(), "JSON MIME types are sent as JSON objects");
        assertEquals("dot", report.path("exercise").asText());
        assertFalse(report.path("passed").asBoolean());
        assertEquals("orthogonal vectors", report.path("checks").get(0).path("name").asText());
        assertTrue(report.path("checks").get(0).path("passed").asBoolean());
        assertTrue(report.path("checks").get(0).path("message").isNull());
        assertEquals("parallel vectors", report.path("checks").get(1).path("name").asText());
        assertFalse(report.path("checks").get(1).path("passed").asBoolean());
        assertEquals("expected: <1.0> but was: <0.5>", report.path("checks").get(1).path("message").asText());
        assertEquals("✔ orthogonal vectors\n✘ parallel vectors: expected: <1.0> but was: <0.5>",
                data(displays.getFirst()).path("text/plain").asText());
        assertTrue(data(displays.getFirst()).path("text/html").asText().contains("parallel vectors"));

        kernel.execute("""
                double dot(double[] a, double[] b) {
                    return a[0] * b[0] * 2;
                }""");
        // A learner's variable named like the runner's package hides it from a full name in an
        // expression ("dev.course..." would read as a field of this String): the runner is imported.
        kernel.execute("var dev = \"the development half\";");
        Execution passing = kernel.execute("""
                import dev.course.kernel.exercise.Checks;
                class DoubledChecks {
                    @Test void doubles() { assertEquals(1.0, dot(new double[] {1, 0}, new double[] {0.5, 0})); }
                }
                Checks.run("dot", DoubledChecks.class);""");
        JsonNode passed = data(passing.ofType("display_data").getFirst()).path(MimeTypes.CHECK);
        assertTrue(passed.path("passed").asBoolean(), passed.toString());
        assertEquals("doubles()", passed.path("checks").get(0).path("name").asText());
    }

    @Test
    @Order(13)
    void completionInspectionAndCompletenessUseJShell() {
        String complete = kernel.send("shell", "complete_request", Json.object("code", "int n = 3;\nMath.ma", "cursor_pos", 18));
        JsonNode completion = kernel.reply(complete).path("content");
        assertEquals("ok", completion.path("status").asText());
        assertTrue(completion.path("matches").toString().contains("\"max(\""), completion.toString());
        assertEquals(16, completion.path("cursor_start").asInt());
        assertEquals(18, completion.path("cursor_end").asInt());

        String inspect = kernel.send("shell", "inspect_request", Json.object("code", "Math.max(1, 2)", "cursor_pos", 6, "detail_level", 0));
        JsonNode inspection = kernel.reply(inspect).path("content");
        assertTrue(inspection.path("found").asBoolean(), inspection.toString());
        assertTrue(inspection.path("data").path("text/plain").asText().contains("Math.max(int a, int b)"), inspection.toString());

        assertEquals("incomplete", isComplete("int f() {"));
        assertEquals("complete", isComplete("int f() { return 1; }\nf()"));
    }

    @Test
    @Order(14)
    void silentCellsPublishNoInputOrResultAndDoNotCount() {
        int before = kernel.execute("0").reply().path("content").path("execution_count").asInt();
        Execution silent = kernel.execute(Json.object("code", "40 + 2", "silent", true));
        assertEquals("ok", silent.status());
        assertTrue(silent.ofType("execute_input").isEmpty());
        assertTrue(silent.ofType("execute_result").isEmpty());
        assertEquals(before, silent.reply().path("content").path("execution_count").asInt());

        Execution unstored = kernel.execute(Json.object("code", "1", "store_history", false));
        assertEquals(before, unstored.reply().path("content").path("execution_count").asInt());
        assertEquals(before + 1, kernel.execute("2").reply().path("content").path("execution_count").asInt());
    }

    @Test
    @Order(15)
    void afterAFailingCellTheQueuedCellsAreAborted() {
        String failing = kernel.send("shell", "execute_request", Json.object("code", "Thread.sleep(300); throw new IllegalStateException(\"stop\");"));
        String queued = kernel.send("shell", "execute_request", Json.object("code", "System.out.println(\"must not run\");"));

        assertEquals("error", kernel.reply(failing).path("content").path("status").asText());
        assertEquals("aborted", kernel.reply(queued).path("content").path("status").asText());
        assertTrue(kernel.messages(m -> isChild(m, queued) && type(m).equals("stream")).isEmpty());
        assertEquals("ok", kernel.execute("1").status(), "later cells run again");
    }

    @Test
    @Order(16)
    void unknownAndMalformedMessagesAreIgnored() {
        kernel.sendLine("this is not json");
        kernel.sendLine("{\"channel\": \"shell\", \"header\": {}}");
        kernel.send("shell", "no_such_request", Json.object());
        String info = kernel.send("shell", "kernel_info_request", Json.object());
        assertEquals("kernel_info_reply", type(kernel.reply(info)));
    }

    @Test
    @Order(100)
    void shutdownRequestEndsTheProcessCleanly() throws Exception {
        String id = kernel.send("control", "shutdown_request", Json.object("restart", false));
        JsonNode reply = kernel.reply(id);

        assertEquals("shutdown_reply", type(reply));
        assertEquals("control", reply.path("channel").asText());
        assertTrue(kernel.process().waitFor(10, TimeUnit.SECONDS), "the kernel exits");
        assertEquals(0, kernel.process().exitValue());
        assertEquals(List.of(), kernel.notJsonLines(), "stdout carried protocol messages only");
    }

    private String isComplete(String code) {
        String id = kernel.send("shell", "is_complete_request", Json.object("code", code));
        return kernel.reply(id).path("content").path("status").asText();
    }

    private static JsonNode data(JsonNode message) {
        return message.path("content").path("data");
    }

    private static List<String> states(List<JsonNode> iopub) {
        return iopub.stream().filter(m -> type(m).equals("status"))
                .map(m -> m.path("content").path("execution_state").asText()).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
