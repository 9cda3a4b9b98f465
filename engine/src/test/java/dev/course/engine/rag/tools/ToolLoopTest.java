package dev.course.engine.rag.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.chunk.Document;
import dev.course.engine.rag.ScriptedOpenAiServer;
import dev.course.engine.rag.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ToolLoopTest {

    private final Toolbox toolbox = Toolbox.of(new Calculator(), new SearchTool(Sources.of("notes", "my notes",
            List.of(new Document("kv", "KV", "The KV cache keeps every past key and value.", ""),
                    new Document("bread", "Bread", "Bread dough rises for an hour.", "")), null)));

    @Test
    void aModelDrivesTheLoopThroughOpenAiToolCalls() throws Exception {
        String callCalculator = """
                {"choices": [{"message": {"role": "assistant", "content": null, "tool_calls": [
                  {"id": "call_a1", "type": "function", "function": {"name": "calculator", "arguments": "{\\"expression\\": \\"2 * 30 * 9 * 64\\"}"}}
                ]}, "finish_reason": "tool_calls"}]}""";
        try (var server = ScriptedOpenAiServer.start(callCalculator, "The cache needs 34560 numbers per token.")) {
            var planner = new OpenAiToolPlanner(server.baseUrl(), "scripted");
            ToolTrace trace = new ToolLoop(planner, toolbox).run("How many numbers per token for 30 layers, 9 heads of 64?");
            assertTrue(trace.finished());
            assertEquals("The cache needs 34560 numbers per token.", trace.answer());
            assertEquals(1, trace.rounds().size());
            assertEquals("34560", trace.rounds().getFirst().results().getFirst().content());

            var json = new ObjectMapper();
            var first = json.readTree(server.requests().get(0));
            assertEquals("calculator", first.at("/tools/0/function/name").asText());
            assertEquals("object", first.at("/tools/0/function/parameters/type").asText());
            var second = json.readTree(server.requests().get(1)).get("messages");
            var assistant = second.get(2);
            assertEquals("call_a1", assistant.at("/tool_calls/0/id").asText());
            var tool = second.get(3);
            assertEquals("tool", tool.get("role").asText());
            assertEquals("call_a1", tool.get("tool_call_id").asText());
            assertEquals("34560", tool.get("content").asText());
        }
    }

    @Test
    void badCallsComeBackAsErrorsTheModelCanRead() throws Exception {
        String badCall = """
                {"choices": [{"message": {"role": "assistant", "tool_calls": [
                  {"id": "c1", "type": "function", "function": {"name": "calculator", "arguments": "{\\"expression\\": \\"2 +\\"}"}},
                  {"id": "c2", "type": "function", "function": {"name": "weather", "arguments": "{}"}}
                ]}}]}""";
        try (var server = ScriptedOpenAiServer.start(badCall, "Sorry.")) {
            ToolTrace trace = new ToolLoop(new OpenAiToolPlanner(server.baseUrl(), "m"), toolbox).run("2 +");
            var results = trace.rounds().getFirst().results();
            assertTrue(results.get(0).failed() && results.get(0).content().contains("ends too early"), results.toString());
            assertTrue(results.get(1).failed() && results.get(1).content().contains("no tool called \"weather\""));
        }
    }

    @Test
    void theRoundLimitStopsAPlannerThatNeverAnswers() throws Exception {
        String again = """
                {"choices": [{"message": {"tool_calls": [{"id": "x", "type": "function", "function": {"name": "calculator", "arguments": "{\\"expression\\": \\"1+1\\"}"}}]}}]}""";
        try (var server = ScriptedOpenAiServer.start(again, again, again, again)) {
            ToolTrace trace = new ToolLoop(new OpenAiToolPlanner(server.baseUrl(), "m"), toolbox, 2).run("loop");
            assertFalse(trace.finished());
            assertEquals(2, trace.rounds().size());
        }
    }

    @Test
    void theScriptedPlannerCalculatesAndSearchesOffline() {
        ToolTrace math = new ToolLoop(new ScriptedPlanner(), toolbox).run("What is 2 * (3 + 4)?");
        assertEquals("calculator", math.calls().getFirst().name());
        assertEquals("2 * (3 + 4) = 14.", math.answer());
        ToolTrace search = new ToolLoop(new ScriptedPlanner(), toolbox).run("What does the KV cache keep?");
        assertEquals("search_notes", search.calls().getFirst().name());
        assertTrue(search.answer().contains("every past key and value"), search.answer());
    }

    @Test
    void theCalculatorParsesAndRefuses() {
        assertEquals(14.0, Calculator.evaluate("2 * (3 + 4)"));
        assertEquals(512.0, Calculator.evaluate("2 ^ 3 ^ 2"));
        assertEquals(-4.0, Calculator.evaluate("-(2 + 2)"));
        assertEquals("19.5959179423", Calculator.format(Calculator.evaluate("sqrt(384)")));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Calculator.evaluate("System.exit(1)"));
        assertTrue(e.getMessage().contains("unknown"), e.getMessage());
    }

    @Test
    void javaSnippetsRunInAFreshJShell() {
        var tool = new JavaSnippetTool();
        var json = new ObjectMapper();
        String out = tool.call(json.createObjectNode().put("code", "int x = 6;\nSystem.out.println(\"hi\");\nx * 7"));
        assertTrue(out.contains("output:\nhi") && out.endsWith("value: 42"), out);
        String exit = new Toolbox(List.of(tool)).run(ToolCall.of("e", "run_java", "code", "System.exit(3); 1")).content();
        assertFalse(exit.isEmpty());
        assertEquals("value: [1, 2, 3]", tool.call(json.createObjectNode().put("code", "List.of(3, 1, 2).stream().sorted().toList()")),
                "the JVM that called exit is gone; a new one answers, with the usual imports");
    }
}
