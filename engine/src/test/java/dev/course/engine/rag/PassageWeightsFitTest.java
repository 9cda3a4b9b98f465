package dev.course.engine.rag;

import dev.course.engine.rag.eval.QuestionSet;
import dev.course.engine.rag.eval.RagQuestion;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where {@link ExtractiveAnswerer#CONTEXT_WEIGHT} comes from: the question set's passages are retrieved
 * once, then answered with each weight of a grid, the rest of the answerer unchanged, and scored on the
 * development part and the held-out part ({@link RagEvaluationTest#heldOut}) apart. The weight is the
 * middle of the run of grid weights that score the same on the development part and beat the equal
 * weighting there; the held-out part is printed, not used.
 *
 * <p>Deterministic (the scores do not depend on the machine) but slow, since it retrieves for all 215
 * questions: tagged as a benchmark, run it with
 * {@code ./mvnw -B -o -pl engine surefire:test -Dengine.excludedGroups= -Dgroups=benchmark -Dtest=PassageWeightsFitTest}.
 */
@Tag("benchmark")
class PassageWeightsFitTest {

    /** The context weights tried. */
    private static final double[] GRID = {1, 1.25, 1.5, 1.75, 2, 2.5, 3};

    /** Citation precision, coverage and abstention accuracy of one part of the set. */
    record Scores(double citationPrecision, double coverage, double abstentionAccuracy) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3f %.3f %.3f", citationPrecision, coverage, abstentionAccuracy);
        }
    }

    @Test
    void theContextWeightSitsInTheMiddleOfTheDevelopmentPartsBestRun() {
        RagPipeline offline = RagPipeline.offline(Fixtures.model(), Fixtures.lessons());
        Map<RagQuestion, List<Passage>> retrieved = new LinkedHashMap<>();
        for (RagQuestion q : QuestionSet.course()) {
            retrieved.put(q, offline.retrieve(q.question()));
        }
        // one answerer keeps every sentence's vector, so that each weight costs no embedding
        ExtractiveAnswerer answerer = new ExtractiveAnswerer(Fixtures.model()).remembering(100_000);
        Map<Double, Scores> development = new LinkedHashMap<>();
        System.out.println("context weight: development | held-out (citation precision, coverage, abstention accuracy)");
        for (double weight : GRID) {
            ExtractiveAnswerer a = answerer.withPassageWeights(PassageWeights.EQUAL_CONTEXT.withContext(weight));
            Scores dev = score(a, retrieved, false);
            development.put(weight, dev);
            System.out.println(weight + ": " + dev + " | " + score(a, retrieved, true));
        }
        Scores chosen = development.get(ExtractiveAnswerer.CONTEXT_WEIGHT);
        Scores equal = development.get(1.0);
        assertTrue(chosen.coverage() >= equal.coverage() && chosen.citationPrecision() > equal.citationPrecision()
                && chosen.abstentionAccuracy() >= equal.abstentionAccuracy(), development.toString());
        assertEquals(chosen, development.get(ExtractiveAnswerer.CONTEXT_WEIGHT - 0.25), "a plateau, not a spike: " + development);
        assertEquals(chosen, development.get(ExtractiveAnswerer.CONTEXT_WEIGHT + 0.25), "a plateau, not a spike: " + development);
    }

    /** The scores of {@code answerer} on the held-out part, or on the development part. */
    static Scores score(ExtractiveAnswerer answerer, Map<RagQuestion, List<Passage>> retrieved, boolean heldOut) {
        int questions = 0, rightAbstentions = 0, answerable = 0, answered = 0, citations = 0, good = 0;
        for (var e : retrieved.entrySet()) {
            RagQuestion q = e.getKey();
            if (RagEvaluationTest.heldOut(q) != heldOut) continue;
            Answer answer = answerer.answer(q.question(), e.getValue());
            questions++;
            if (answer.abstained() != q.answerable()) rightAbstentions++;
            if (!q.answerable()) continue;
            answerable++;
            if (!answer.abstained() && q.isAnsweredBy(answer.text())) answered++;
            for (Citation c : answer.citations()) {
                citations++;
                if (q.isAnsweredBy(e.getValue().get(c.n() - 1).text())) good++;
            }
        }
        return new Scores(good / (double) citations, answered / (double) answerable, rightAbstentions / (double) questions);
    }
}
