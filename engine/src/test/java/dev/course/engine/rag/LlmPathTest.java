package dev.course.engine.rag;

import dev.course.engine.generate.openai.OpenAiGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The language-model path through a real local HTTP server speaking the OpenAI chat protocol, scripted
 * to answer: the grounding prompt goes out, the model's citations are recovered, and the checks catch
 * what a model gets wrong.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LlmPathTest {

    private static final List<Passage> SOURCES = List.of(
            new Passage(1, "kv#0", "KV cache", "So compute each token's keys and values once and keep them, layer by layer: "
                    + "that store is the KV cache. With it, each new token runs through the model alone.", "lessons"),
            new Passage(2, "gqa#0", "GQA", "Grouped-query attention lets a group of query heads share one key/value head.", "lessons"));

    @Test
    void aGroundedModelAnswerPassesAndItsQuotesAreRecovered() throws Exception {
        try (var server = ScriptedOpenAiServer.start("The KV cache stores each token's \"keys and values\" [1]. "
                + "Query heads can share one key/value head [2].");
             var generator = new OpenAiGenerator(server.baseUrl(), "scripted")) {
            Answer answer = new LlmAnswerer(generator).answer("What does the KV cache store?", SOURCES);
            assertFalse(answer.abstained());
            assertTrue(answer.answerer().startsWith("llm("));
            assertEquals(List.of(new Citation(1, "keys and values"),
                    new Citation(2, "Grouped-query attention lets a group of query heads share one key/value head.")),
                    answer.citations());
            assertTrue(GroundingChecks.check(answer).passed(), GroundingChecks.check(answer).toString());
            String request = server.requests().getFirst();
            assertTrue(request.contains("[1] KV cache: So compute"), "the sources are numbered in the prompt");
            assertTrue(request.contains("cite the sources"), "the prompt asks for citations");
        }
    }

    @Test
    void aHallucinatingModelIsFlagged() throws Exception {
        try (var server = ScriptedOpenAiServer.start("The KV cache was invented in 1962 [4]. It \"never uses memory\" [1].");
             var generator = new OpenAiGenerator(server.baseUrl(), "scripted")) {
            Answer answer = new LlmAnswerer(generator).answer("What does the KV cache store?", SOURCES);
            var report = GroundingChecks.check(answer);
            assertTrue(report.flagged());
            var failed = report.failures().stream().map(GroundingChecks.Check::name).toList();
            assertTrue(failed.contains("every [n] refers to a given source"), failed.toString());
            assertTrue(failed.contains("quoted spans exist in the sources"), failed.toString());
        }
    }

    @Test
    void theRefusalSentenceIsAnAbstention() throws Exception {
        try (var server = ScriptedOpenAiServer.start("The sources don't answer this.");
             var generator = new OpenAiGenerator(server.baseUrl(), "scripted")) {
            assertTrue(new LlmAnswerer(generator).answer("Who won the World Cup?", SOURCES).abstained());
        }
    }

    @Test
    void aModelRewritesAndRoutes() throws Exception {
        try (var server = ScriptedOpenAiServer.start("1. kv cache memory\n2. key value cache size", "recipes");
             var generator = new OpenAiGenerator(server.baseUrl(), "scripted")) {
            var rewrite = new LlmRewriter(generator).rewrite("hey, how much memory does that cache thing use?");
            assertEquals(List.of("kv cache memory", "key value cache size"), rewrite.queries());
            var sources = List.of(
                    Sources.of("lessons", "the course", List.of(dev.course.engine.chunk.Document.of("l", "Attention.")), null),
                    Sources.of("recipes", "cooking", List.of(dev.course.engine.chunk.Document.of("r", "Bread.")), null));
            var routing = new LlmRouter(generator, new EmbeddingRouter(Fixtures.model()))
                    .route("How long does bread rise?", sources);
            assertTrue(server.requests().get(1).contains("- recipes: cooking"), "the model reads the descriptions");
            assertEquals(List.of("recipes"), routing.chosen());
        }
    }
}
