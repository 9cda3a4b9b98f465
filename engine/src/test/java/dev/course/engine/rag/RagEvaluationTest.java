package dev.course.engine.rag;

import dev.course.engine.corpus.LessonsCorpus;
import dev.course.engine.rag.eval.QuestionSet;
import dev.course.engine.rag.eval.RagEvaluation;
import dev.course.engine.rag.eval.RagQuestion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The course's question set against the lessons, and the offline pipeline's scores on it. */
class RagEvaluationTest {

    @Test
    void everyAnswerPhraseIsInItsLessonSection() {
        var documents = LessonsCorpus.inFolder(Path.of("../lessons/content")).passages();
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
    void everyLessonOfTheCourseHasQuestionsAndTheUnanswerableOnesNameNoSection() {
        var documents = LessonsCorpus.inFolder(Path.of("../lessons/content")).passages();
        var lessons = new TreeSet<String>();
        documents.forEach(d -> lessons.add(d.id().substring(0, d.id().indexOf('#'))));
        var asked = new TreeSet<String>();
        for (RagQuestion q : QuestionSet.course()) {
            if (q.answerable()) {
                asked.add(q.passage().substring(0, q.passage().indexOf('#')));
            } else {
                assertTrue(q.passage().isEmpty() && q.answers().isEmpty(), q.id() + " is unanswerable but names an answer");
            }
        }
        var unasked = new TreeSet<>(lessons);
        unasked.removeAll(asked);
        assertTrue(unasked.isEmpty(), "lessons without a question in rag/questions.jsonl: " + unasked);
        assertTrue(QuestionSet.course().stream().filter(q -> !q.answerable()).count() >= 20,
                "keep unanswerable questions in the set, or never abstaining looks perfect");
    }

    @Test
    void aRowWentWrongWhenItLoweredAMetric() {
        var answerable = new RagQuestion("a", "q", List.of("x"), "t/l#s", true);
        var unanswerable = new RagQuestion("n", "q", List.of(), "", false);
        assertFalse(row(answerable, false, true, 2, 2).wentWrong());
        assertTrue(row(answerable, false, true, 2, 1).wentWrong(), "a citation of a passage without the answer");
        assertTrue(row(answerable, false, false, 1, 1).wentWrong(), "no answer phrase in the answer");
        assertTrue(row(answerable, true, false, 0, 0).wentWrong(), "abstained on an answerable question");
        assertFalse(row(unanswerable, true, false, 0, 0).wentWrong());
        assertTrue(row(unanswerable, false, false, 1, 0).wentWrong(), "answered an unanswerable question");
    }

    private static RagEvaluation.Row row(RagQuestion q, boolean abstained, boolean answered, int citations, int good) {
        return new RagEvaluation.Row(q, abstained, answered, citations, good, true, true, "", "", 1);
    }

    /**
     * Whether a question is held out from tuning the answerer: a third of the set, chosen by the CRC-32 of
     * its id, so that the choice depends on nothing about the question. Changes to the answerer are judged
     * by reading the failures of the other two thirds (the development part); the held-out part is only
     * scored, and both are printed, so that a rule that fits the development questions alone shows up as
     * a gap between the two.
     */
    static boolean heldOut(RagQuestion q) {
        var crc = new CRC32();
        crc.update(q.id().getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 3 == 0;
    }

    @Test
    void theOfflinePipelineAnswersMostAndAbstainsOnTheRest() {
        List<RagQuestion> questions = QuestionSet.course();
        RagPipeline offline = RagPipeline.offline(Fixtures.model(), Fixtures.lessons());
        // The offline answerer, keeping the vectors of the passages that come back for question after
        // question: the same answers, with about half the embedding (RememberedVectors).
        var report = RagEvaluation.run(offline.withAnswerer(((ExtractiveAnswerer) offline.answerer()).remembering()), questions);
        for (boolean held : List.of(false, true)) {
            var part = new RagEvaluation.Report(report.answerer(), report.rows().stream().filter(r -> heldOut(r.question()) == held).toList());
            System.out.println((held ? "held-out: " : "development: ") + part.summary());
        }
        String why = report.summary() + "\n" + report;
        // The floors sit just under what the answerer scores on today's lessons. The lessons are the
        // corpus: new prose moves the scores a little without any change to the answerer (the search
        // track's 123-question JDK subsection cost 0.009 of citation precision and 0.014 of coverage,
        // by drawing three questions' retrieval to it), so a drop here means "read the failures"
        // (./course eval-rag --failures), not necessarily a worse answerer.
        assertTrue(report.abstentionAccuracy() >= 0.99, why);
        // The design exercises of 2026-12-07 (their task texts are passages too) cost 0.008 of
        // citation precision and 0.005 of coverage: 0.791 / 0.755 -> 0.783 / 0.750. The rank prior
        // (ExtractiveAnswerer.RANK_PRIOR) took them to 0.789 / 0.755; the passage's cosine weighed 1.5
        // (ExtractiveAnswerer.CONTEXT_WEIGHT) from 0.789 / 0.761 to 0.802 / 0.771; the reason read on
        // in the next chunk of the section, and a pair cited to the chunk that holds both, to 0.808 / 0.777;
        // the lessons source's weighted fusion (Sources.BM25_WEIGHT) instead of reciprocal rank fusion
        // to 0.839 / 0.803, passage recall 0.947 -> 0.968.
        assertTrue(report.coverage() >= 0.8, why);
        assertTrue(report.citationPrecision() >= 0.835, why);
        assertTrue(report.passageRecall() >= 0.96, why);
        assertTrue(report.groundedShare() == 1.0, "the extractive answerer is grounded by construction\n" + why);
        System.out.println(report.summary());
    }
}
