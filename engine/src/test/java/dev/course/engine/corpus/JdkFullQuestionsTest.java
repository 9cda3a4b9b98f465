package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;
import dev.course.engine.eval.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdkFullQuestionsTest {

    /** Every judged id is a document of the full corpus (parsed from this JDK's src.zip), and every question has an answer. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyJudgedDocumentExistsInTheFullJdkCorpus() {
        List<Document> all = JdkApiCorpus.all().documents();
        Dataset questions = JdkFullQuestions.dataset(all);
        assertTrue(questions.queries().size() >= 100, "at least 100 questions, got " + questions.queries().size());
        Set<String> ids = all.stream().map(Document::id).collect(Collectors.toSet());
        for (var query : questions.queries()) {
            assertFalse(questions.qrels().relevant(query.id()).isEmpty(), query.text());
            assertTrue(questions.qrels().gains(query.id()).containsValue(2), "no answer (gain 2) for '" + query.text() + "'");
            for (String judged : questions.qrels().gains(query.id()).keySet()) {
                assertTrue(ids.contains(judged), "judged document " + judged + " of '" + query.text() + "' is not in the JDK corpus");
            }
        }
    }

    @Test
    void questionsAreDistinctAndGainsAreOneOrTwo() {
        Dataset questions = JdkFullQuestions.dataset(List.of());
        var texts = new HashSet<String>();
        for (var query : questions.queries()) {
            assertTrue(texts.add(query.text()), "asked twice: " + query.text());
            for (int gain : questions.qrels().gains(query.id()).values()) {
                assertTrue(gain == 1 || gain == 2, query.text() + ": gain " + gain);
            }
        }
        assertEquals("jdk-full", questions.name());
    }

    @Test
    void aJudgementOutsideAQuestionIsRefusedWithItsLine() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> JdkQuestions.parse("x", "# header\n  2 java.lang.String\n", List.of()));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
