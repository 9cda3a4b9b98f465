package dev.course.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Messages;
import dev.course.lessons.CourseContent;
import dev.course.lessons.Lesson;
import dev.course.server.progress.JdbcProgressStore;
import dev.course.server.progress.LessonProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a page's work leaves in a real SQLite progress store, and which kernel verdicts are refused. */
class SavedWorkTest {

    private static final String LEARNER = "learner-1";

    @TempDir
    Path dir;
    private JdbcProgressStore progress;
    private Lesson lesson;
    private String lessonPath;
    private String exercise;
    private SavedWork work;

    @BeforeEach
    void open() {
        progress = JdbcProgressStore.sqlite(dir.resolve("progress.db"));
        lesson = CourseContent.packaged().course().lessons().stream()
                .filter(l -> !l.exercises().isEmpty()).findFirst().orElseThrow();
        lessonPath = lesson.meta().track() + "/" + lesson.slug();
        exercise = lesson.exercises().getFirst().id();
        work = new SavedWork(progress, LEARNER, lessonPath, lesson);
    }

    @AfterEach
    void close() {
        progress.close();
    }

    private LessonProgress saved() {
        return progress.lesson(LEARNER, lessonPath);
    }

    private static ObjectNode report(String exercise, boolean passed, boolean... checks) {
        ObjectNode report = Messages.JSON.createObjectNode().put("exercise", exercise).put("passed", passed);
        ArrayNode list = report.putArray("checks");
        for (boolean check : checks) {
            list.addObject().put("name", "a check").put("passed", check);
        }
        return report;
    }

    @Test
    void codeIsSavedRunsCountedAndResetForgetsTheEdit() {
        work.code("c2", "int x = 1;");
        work.ran("c2", "ok");
        assertEquals("int x = 1;", saved().code().get("c2"));
        assertEquals(1, saved().runs().get("c2"));
        work.reset("c2");
        assertFalse(saved().code().containsKey("c2"), saved().toString());
    }

    @Test
    void aWellFormedVerdictIsKeptWithItsCounts() {
        work.verdict(exercise, report(exercise, false, true, false, true));
        LessonProgress.ExerciseResult result = saved().exercises().get(exercise);
        assertEquals(new LessonProgress.ExerciseResult(false, 2, 3, 1), result);
        work.verdict(exercise, report(exercise, true, true, true, true));
        assertTrue(saved().exercises().get(exercise).passed());
    }

    @Test
    void aVerdictClaimingPassWithAFailedCheckDoesNotPass() {
        work.verdict(exercise, report(exercise, true, true, false));
        assertFalse(saved().exercises().get(exercise).passed());
    }

    @Test
    void verdictsForAnotherExerciseOrTooLargeOrMalformedAreNotStored() {
        work.verdict("not-an-exercise", report("not-an-exercise", true, true));
        work.verdict(exercise, report("another", true, true));
        boolean[] many = new boolean[SavedWork.MAX_CHECKS + 1];
        java.util.Arrays.fill(many, true);
        work.verdict(exercise, report(exercise, true, many));
        ObjectNode huge = report(exercise, true, true);
        huge.put("padding", "x".repeat(SavedWork.MAX_CHECK_REPORT_CHARS));
        work.verdict(exercise, huge);
        JsonNode notAnObject = Messages.JSON.createArrayNode();
        work.verdict(exercise, notAnObject);
        work.verdict(exercise, Messages.JSON.createObjectNode().put("exercise", exercise).put("passed", true));
        assertTrue(saved().exercises().isEmpty(), saved().toString());
    }
}
