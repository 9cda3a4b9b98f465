package dev.course.engine.rag;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline pipeline on the real lessons index. */
class RagPipelineTest {

    private final RagPipeline pipeline = RagPipeline.offline(Fixtures.model(), Fixtures.lessons());

    @Test
    void anAnswerCitesPassagesThatContainItsQuotes() {
        RagResult result = pipeline.ask("What does the KV cache store?");
        Answer answer = result.answer();
        assertFalse(answer.abstained(), result.trace());
        assertEquals("extractive", answer.answerer());
        assertTrue(result.checks().passed(), result.trace());
        assertFalse(answer.citations().isEmpty());
        for (Citation c : answer.citations()) {
            Passage p = answer.source(c.n()).orElseThrow();
            assertTrue(p.text().contains(c.quote()), "quote of [" + c.n() + "] is verbatim in its source");
            assertTrue(answer.text().contains(c.quote() + " [" + c.n() + "]"), "each sentence carries its marker");
        }
        assertTrue(answer.text().toLowerCase().contains("keys and values"), result.trace());
    }

    @Test
    void outOfScopeQuestionsAreNotAnswered() {
        for (String q : new String[]{"Who won the 1998 football World Cup?", "How do I configure a Kubernetes ingress controller?"}) {
            RagResult result = pipeline.ask(q);
            assertTrue(result.answer().abstained(), result.trace());
            assertEquals(Answer.ABSTAIN_TEXT, result.answer().text());
            assertTrue(result.checks().passed(), "an abstention passes the checks");
        }
    }

    @Test
    void theSameQuestionGivesTheSameAnswer() {
        String q = "Why do Llama models use RMSNorm instead of LayerNorm?";
        assertEquals(pipeline.ask(q).answer().text(), pipeline.ask(q).answer().text());
    }

    @Test
    void theResultDrawsThePipelineAndPrintsATrace() {
        RagResult result = pipeline.ask("Hi! I read about sampling. What does top-p nucleus sampling keep?");
        String svg = result.figure().svg();
        assertTrue(svg.startsWith("<svg") && svg.contains("rewrite") && svg.contains("check"), svg);
        assertTrue(result.render().data().get("text/html").contains("<svg"));
        assertTrue(result.trace().contains("rewrite (keywords): \"top-p nucleus sampling keep\""), result.trace());
        assertTrue(result.trace().contains("step 1"), result.trace());
    }
}
