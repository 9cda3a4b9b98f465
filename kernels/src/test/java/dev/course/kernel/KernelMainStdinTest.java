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
import java.util.ArrayList;
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

/**
 * {@code System.in} and history in a real stdio kernel process: a cell that reads input sends an
 * {@code input_request} on the stdin channel and continues with the {@code input_reply}; without
 * {@code allow_stdin} the read fails at once; an interrupt ends a waiting read; {@code history_request}
 * answers with the cells that ran.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelMainStdinTest {

    private StdioKernel kernel;

    @BeforeAll
    void startKernel() throws Exception {
        kernel = StdioKernel.start();
    }

    @AfterAll
    void stopKernel() {
        kernel.close();
    }

    @Test
    @Order(1)
    void aScannerReadsTheLineTheFrontEndSends() {
        String cell = executeWithStdin("System.out.print(\"Your name? \");\n"
                + "String name = new Scanner(System.in).nextLine();\n"
                + "\"Hello, \" + name");

        JsonNode request = awaitInputRequest(cell);
        assertEquals("stdin", request.path("channel").asText());
        assertEquals("", request.path("content").path("prompt").asText());
        assertFalse(request.path("content").path("password").asBoolean(true));
        assertEquals("Your name? ", streamTextBefore(cell, request), "the prompt printed before reading is sent first");

        answer(request, "Ada");
        Execution done = finished(cell);
        assertEquals("ok", done.status());
        assertEquals("\"Hello, Ada\"", done.resultText());
    }

    @Test
    @Order(2)
    void everyLineReadIsOneInputRequest() {
        String cell = executeWithStdin("var lines = new BufferedReader(new InputStreamReader(System.in));\n"
                + "lines.readLine() + \" and \" + lines.readLine()");

        JsonNode first = awaitInputRequest(cell);
        answer(first, "first");
        JsonNode second = kernel.await(m -> isChild(m, cell) && type(m).equals("input_request") && m != first, StdioKernel.TIMEOUT);
        answer(second, "second");

        assertEquals("\"first and second\"", finished(cell).resultText());
    }

    @Test
    @Order(3)
    void whatACellLeavesUnreadDoesNotReachTheNextCell() {
        String cell = executeWithStdin("(char) System.in.read()");
        answer(awaitInputRequest(cell), "xyz");
        assertEquals("'x'", finished(cell).resultText());

        String next = executeWithStdin("System.in.available()");
        assertEquals("0", finished(next).resultText(), "the rest of \"xyz\" was dropped");
        assertTrue(kernel.messages(m -> isChild(m, next) && type(m).equals("input_request")).isEmpty());
    }

    @Test
    @Order(4)
    void withoutAllowStdinReadingFailsAtOnceWithAClearMessage() {
        long start = System.nanoTime();
        Execution run = kernel.execute(Json.object("code", "new Scanner(System.in).nextLine()", "allow_stdin", false));

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "no waiting for input");
        assertEquals("error", run.status());
        assertTrue(run.error().path("ename").asText().endsWith("StdinNotAvailableException"), run.error().toString());
        assertTrue(run.error().path("evalue").asText().contains("allow_stdin: false"), run.error().toString());
        assertTrue(kernel.messages(m -> isChild(m, run.msgId()) && type(m).equals("input_request")).isEmpty());
    }

    @Test
    @Order(5)
    void anInterruptEndsAWaitingReadAndALateAnswerIsIgnored() {
        String cell = executeWithStdin("new Scanner(System.in).nextLine()");
        JsonNode request = awaitInputRequest(cell);

        String interrupt = kernel.send("control", "interrupt_request", Json.object());
        assertEquals("interrupt_reply", type(kernel.reply(interrupt)));
        JsonNode reply = kernel.reply(cell);
        assertEquals("Interrupted", reply.path("content").path("ename").asText());

        answer(request, "too late");
        String next = executeWithStdin("new Scanner(System.in).nextLine()");
        answer(awaitInputRequest(next), "fresh");
        assertEquals("\"fresh\"", finished(next).resultText(), "the late answer did not leak into the next read");
    }

    @Test
    @Order(6)
    void historyAnswersTailRangeAndSearch() {
        int first = count(kernel.execute("int historyA = 1;"));
        kernel.execute("int historyB = 2;");
        kernel.execute(Json.object("code", "int notKept = 3;", "store_history", false));
        int last = count(kernel.execute("int historyA2 = historyA + 1;"));

        assertEquals(List.of("int historyB = 2;", "int historyA2 = historyA + 1;"), inputs(history(Json.object(
                "hist_access_type", "tail", "n", 2, "output", false, "raw", true))));
        assertEquals(List.of("int historyA = 1;", "int historyB = 2;"), inputs(history(Json.object(
                "hist_access_type", "range", "session", 0, "start", first, "stop", first + 2, "output", false, "raw", true))));
        assertEquals(List.of("int historyA = 1;", "int historyA2 = historyA + 1;"), inputs(history(Json.object(
                "hist_access_type", "search", "pattern", "int historyA*", "output", false, "raw", true))));

        JsonNode tail = history(Json.object("hist_access_type", "tail", "n", 1, "output", false, "raw", true));
        JsonNode entry = tail.path("history").get(0);
        assertEquals(1, entry.get(0).asInt(), "this kernel's session");
        assertEquals(last, entry.get(1).asInt(), "the cell's execution count");

        JsonNode bad = history(Json.object("hist_access_type", "everything"));
        assertEquals("error", bad.path("status").asText());
        assertTrue(bad.path("evalue").asText().contains("\"tail\", \"range\" or \"search\""), bad.toString());
    }

    private String executeWithStdin(String code) {
        return kernel.send("shell", "execute_request", Json.object("code", code, "allow_stdin", true));
    }

    private JsonNode awaitInputRequest(String cell) {
        return kernel.await(m -> isChild(m, cell) && type(m).equals("input_request"), StdioKernel.TIMEOUT);
    }

    private void answer(JsonNode inputRequest, String value) {
        kernel.send("stdin", "input_reply", inputRequest.path("header"), Json.object("value", value));
    }

    private Execution finished(String cell) {
        List<JsonNode> iopub = kernel.iopubUntilIdle(cell);
        return new Execution(cell, iopub, kernel.reply(cell));
    }

    /** The stdout text of a cell that arrived before a given message. */
    private String streamTextBefore(String cell, JsonNode message) {
        StringBuilder text = new StringBuilder();
        for (JsonNode m : kernel.messages(m -> true)) {
            if (m == message) {
                break;
            }
            if (isChild(m, cell) && type(m).equals("stream")) {
                text.append(m.path("content").path("text").asText());
            }
        }
        return text.toString();
    }

    private JsonNode history(JsonNode content) {
        String id = kernel.send("shell", "history_request", (com.fasterxml.jackson.databind.node.ObjectNode) content);
        JsonNode reply = kernel.reply(id);
        assertEquals("history_reply", type(reply));
        return reply.path("content");
    }

    private static List<String> inputs(JsonNode content) {
        assertEquals("ok", content.path("status").asText(), content.toString());
        List<String> inputs = new ArrayList<>();
        content.path("history").forEach(entry -> inputs.add(entry.get(2).asText()));
        return inputs;
    }

    private static int count(Execution run) {
        return run.reply().path("content").path("execution_count").asInt();
    }
}
