package dev.course.engine.rag;

import dev.course.engine.rag.eval.QuestionSet;
import dev.course.engine.rag.eval.RagEvaluation;
import dev.course.engine.rag.eval.RagQuestion;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The course's question set against the lessons, and the offline pipeline's scores on it. */
class RagEvaluationTest {

    @Test
    void everyAnswerPhraseIsInItsLessonSection() {
        var documents = LessonCorpus.fromFolder(Path.of("../lessons/content"));
        var problems = new ArrayList<String>();
        for (RagQuestion q : QuestionSet.course()) {
            if (!q.answerable()) continue;
            var section = documents.stream().filter(d -> d.id().equals(q.passage())).findFirst();
            if (section.isEmpty()) problems.add(q.id() + ": no section " + q.passage());
            else if (!q.isAnsweredBy(section.get().text())) problems.add(q.id() + ": " + q.answers() + " not in " + q.passage());
        }
        assertTrue(problems.isEmpty(), "the question set no longer matches the lessons:\n" + String.join("\n", problems));
    }

    @Test
    void theOfflinePipelineAnswersMostAndAbstainsOnTheRest() {
        List<RagQuestion> questions = QuestionSet.course();
        var report = RagEvaluation.run(RagPipeline.offline(Fixtures.model(), Fixtures.lessons()), questions);
        String why = report.summary() + "\n" + report;
        assertTrue(report.abstentionAccuracy() >= 0.85, why);
        assertTrue(report.coverage() >= 0.65, why);
        assertTrue(report.citationPrecision() >= 0.55, why);
        assertTrue(report.passageRecall() >= 0.9, why);
        assertTrue(report.groundedShare() == 1.0, "the extractive answerer is grounded by construction\n" + why);
        System.out.println(report.summary());
    }
}
