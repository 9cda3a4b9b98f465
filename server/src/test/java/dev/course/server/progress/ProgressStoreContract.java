package dev.course.server.progress;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every progress store must do; run against SQLite and against a real PostgreSQL. */
abstract class ProgressStoreContract {

    /** A fresh, empty store. */
    abstract ProgressStore store();

    /** The same database opened again, as after a server restart. */
    abstract ProgressStore reopen();

    private static final String LESSON = "foundations/vectors-and-similarity";

    @Test
    void keepsTheLearnersCodeRunsAndResults() {
        ProgressStore store = store();
        store.visited("alice", LESSON);
        store.saveCode("alice", LESSON, "c1", "double[] a = {1, 2};");
        store.saveCode("alice", LESSON, "c1", "double[] a = {3, 1};");
        store.ran("alice", LESSON, "c1", "ok");
        store.ran("alice", LESSON, "c1", "error");
        store.checked("alice", LESSON, "cosine", false, 2, 4);

        LessonProgress progress = store.lesson("alice", LESSON);
        assertEquals(Map.of("c1", "double[] a = {3, 1};"), progress.code(), "the latest code wins");
        assertEquals(2, progress.runs().get("c1"));
        assertEquals(new LessonProgress.ExerciseResult(false, 2, 4, 1), progress.exercises().get("cosine"));
    }

    @Test
    void aPassedExerciseStaysPassed() {
        ProgressStore store = store();
        store.checked("bob", LESSON, "cosine", true, 4, 4);
        store.checked("bob", LESSON, "cosine", false, 1, 4);
        LessonProgress.ExerciseResult result = store.lesson("bob", LESSON).exercises().get("cosine");
        assertTrue(result.passed());
        assertEquals(1, result.checksPassed(), "the latest attempt's count is kept");
        assertEquals(2, result.attempts());
        assertEquals(new LessonSummary(true, 1), store.summary("bob").get(LESSON));
    }

    @Test
    void keepsTheFirstAndTheLatestAnswerToAConceptCheck() {
        ProgressStore store = store();
        store.answered("fay", LESSON, "right-angle", "0", false);
        store.answered("fay", LESSON, "right-angle", "1", true);
        store.answered("gus", LESSON, "right-angle", "1", true);
        assertEquals(new LessonProgress.CheckAnswer("1", true, false, 2), store.lesson("fay", LESSON).checks().get("right-angle"),
                "the latest answer, and that the first was wrong");
        assertEquals(new LessonProgress.CheckAnswer("1", true, true, 1), store.lesson("gus", LESSON).checks().get("right-angle"));
        assertTrue(store.lesson("fay", "other/lesson").checks().isEmpty());
        assertTrue(store.known("fay"), "an answer is progress: the learner exists");
    }

    @Test
    void resetForgetsACellAndLearnersAreSeparate() {
        ProgressStore store = store();
        store.saveCode("carol", LESSON, "c1", "mine");
        store.saveCode("dave", LESSON, "c1", "his");
        store.resetCode("carol", LESSON, "c1");
        assertTrue(store.lesson("carol", LESSON).code().isEmpty());
        assertEquals("his", store.lesson("dave", LESSON).code().get("c1"));
        assertFalse(store.summary("carol").containsKey("other/lesson"));
    }

    @Test
    void survivesAReopen() {
        ProgressStore store = store();
        store.visited("erin", LESSON);
        store.saveCode("erin", LESSON, "ex-cosine", "double cosine(double[] x, double[] y) { return 1; }");
        store.close();
        ProgressStore again = reopen();
        assertEquals("double cosine(double[] x, double[] y) { return 1; }",
                again.lesson("erin", LESSON).code().get("ex-cosine"));
        assertTrue(again.summary("erin").get(LESSON).visited());
    }
}
