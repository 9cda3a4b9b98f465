package dev.course.engine.rag;

import dev.course.engine.chunk.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A constructed two-hop question: the fact that answers it (who designed Zephyr) shares no word with
 * the question except "designed"; only the passage found first (Falcon is written in Zephyr) links them.
 */
class MultiStepRetrieverTest {

    private static final List<Document> DOCUMENTS = List.of(
            new Document("falcon", "The Falcon project", "The Falcon project is written in the Zephyr language. "
                    + "Falcon schedules trains for a regional railway network.", ""),
            new Document("zephyr", "Zephyr", "Zephyr was designed by Ada Marlow in 1987 at a small lab in Lyon.", ""),
            new Document("kestrel", "The Kestrel project", "The Kestrel project is written in Java and runs the ticket machines.", ""),
            new Document("java", "Java", "Java was created at Sun Microsystems and released in 1995.", ""),
            new Document("railway", "Railways", "A regional railway network needs timetables, signals and ticket machines.", ""),
            new Document("lab", "Lyon", "Lyon is a city in France known for its food and its silk.", ""),
            new Document("design", "Design", "Good language design balances simplicity, safety and speed.", ""),
            new Document("project", "Projects", "Every software project needs tests, reviews and a build that passes.", ""));

    private static final String QUESTION = "Who designed the language the Falcon project is written in?";

    private final KnowledgeSource source = Sources.of("projects", "software projects", DOCUMENTS, Fixtures.model());

    private static boolean hasZephyr(List<Passage> passages) {
        return passages.stream().anyMatch(p -> p.text().contains("Ada Marlow"));
    }

    @Test
    void oneStepMissesTheSecondHop() {
        var retrieval = new MultiStepRetriever(1, 1, null).retrieve(QUESTION, List.of(QUESTION), List.of(source));
        assertEquals("falcon", retrieval.passages().getFirst().id());
        assertFalse(hasZephyr(retrieval.passages()), "one step finds only the Falcon passage");
    }

    @Test
    void aFollowUpQueryBuiltFromTheFirstHitFindsIt() {
        var retrieval = new MultiStepRetriever(1, 3, null).retrieve(QUESTION, List.of(QUESTION), List.of(source));
        assertTrue(hasZephyr(retrieval.passages()), retrieval.steps().toString());
        var second = retrieval.steps().get(1);
        assertTrue(second.queries().getFirst().contains("zephyr"), "the bridge term comes from the first hit: " + second);
        assertTrue(second.queries().getFirst().contains("designed"), "the missing word is searched: " + second);
        assertTrue(retrieval.steps().getLast().missing().isEmpty());
    }

    @Test
    void theAnswerCitesBothHops() {
        var pipeline = RagPipeline.offline(Fixtures.model(), source).withRetrieval(1, 3, null)
                .withRewriter(QueryRewriter.NONE);
        RagResult result = pipeline.ask(QUESTION);
        assertFalse(result.answer().abstained(), result.trace());
        assertTrue(result.answer().text().contains("Ada Marlow"), result.trace());
        assertTrue(result.checks().passed(), result.trace());
        assertEquals(2, result.steps().size(), result.trace());
    }

    @Test
    void theStepLimitHolds() {
        var retrieval = new MultiStepRetriever(1, 2, null).retrieve("Who painted the Mona Lisa in Falcon?",
                List.of("painted mona lisa falcon"), List.of(source));
        assertTrue(retrieval.steps().size() <= 2);
    }
}
