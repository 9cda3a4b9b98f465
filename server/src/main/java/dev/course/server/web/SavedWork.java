package dev.course.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.lessons.Lesson;
import dev.course.server.progress.ProgressStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is kept of one learner's work on one lesson page, in their {@link ProgressStore}: each
 * cell's code as they edit, run and check it, each run's status, and each exercise's verdict.
 *
 * <p>A verdict comes from the learner's kernel, which runs the learner's code: it is taken only for
 * an exercise of this lesson, and only if it is small and well-formed; anything else is not stored.
 */
final class SavedWork {

    private static final Logger LOG = LoggerFactory.getLogger(SavedWork.class);
    /** The most checks an exercise's verdict may list, and the largest verdict kept. */
    static final int MAX_CHECKS = 200;
    static final int MAX_CHECK_REPORT_CHARS = 64 * 1024;

    private final ProgressStore progress;
    private final String learner;
    private final String lessonPath;
    private final Lesson lesson;

    /**
     * @param learner    whose work it is
     * @param lessonPath {@code track/slug} of the lesson, the key progress is kept under
     * @param lesson     the lesson itself, whose exercises a verdict must name
     */
    SavedWork(ProgressStore progress, String learner, String lessonPath, Lesson lesson) {
        this.progress = progress;
        this.learner = learner;
        this.lessonPath = lessonPath;
        this.lesson = lesson;
    }

    /** The learner's code for a cell: saved as they type, run or check it, so that nothing is lost. */
    void code(String cellId, String code) {
        progress.saveCode(learner, lessonPath, cellId, code);
    }

    /** Back to the lesson's original code for a cell. */
    void reset(String cellId) {
        progress.resetCode(learner, lessonPath, cellId);
    }

    /**
     * A cell the learner ran ended with {@code status}. Called before the page sees the reply: once
     * the learner has seen a result, its run is on disk (ProgressSurvivesKillIT kills the server
     * the next moment).
     */
    void ran(String cellId, String status) {
        progress.ran(learner, lessonPath, cellId, status);
    }

    /** Keeps an exercise's verdict: the kernel's check bundle says which checks passed. */
    void verdict(String exerciseId, JsonNode report) {
        if (!report.isObject() || !report.path("exercise").asText().equals(exerciseId)
                || lesson.exercise(exerciseId).isEmpty() || !report.path("checks").isArray()
                || report.path("checks").size() > MAX_CHECKS || report.toString().length() > MAX_CHECK_REPORT_CHARS) {
            LOG.debug("ignored a malformed check verdict for {}", exerciseId);
            return;
        }
        int total = report.path("checks").size();
        int passed = 0;
        for (JsonNode check : report.path("checks")) {
            passed += check.path("passed").asBoolean() ? 1 : 0;
        }
        progress.checked(learner, lessonPath, exerciseId, report.path("passed").asBoolean() && passed == total, passed, total);
    }
}
