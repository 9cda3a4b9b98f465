package dev.course.server.progress;

import java.util.Map;

/**
 * Where each learner is: lessons visited, cells run, exercises passed, and the learner's own code
 * per cell. Every write is committed before the call returns, so a crash or {@code kill -9} of the
 * server loses nothing that was acknowledged.
 *
 * <p>Learners are anonymous ids (the learner cookie); lessons are {@code track/slug}; cells are
 * the ids the page uses ({@code c2}, {@code ex-cosine}).
 */
public interface ProgressStore extends AutoCloseable {

    /** Whether a learner id has anything stored (a learner row exists once they saved, ran or checked something). */
    boolean known(String learner);

    /** The learner opened a lesson. */
    void visited(String learner, String lesson);

    /** The learner's current code of a cell (saved as they type and when they run it). */
    void saveCode(String learner, String lesson, String cell, String code);

    /** Forgets the learner's code of a cell: the page shows the lesson's original again. */
    void resetCode(String learner, String lesson, String cell);

    /** A cell finished running with a status (ok, error, aborted). */
    void ran(String learner, String lesson, String cell, String status);

    /** An exercise was checked. Once passed, it stays passed. */
    void checked(String learner, String lesson, String exercise, boolean passed, int checksPassed, int checksTotal);

    /** Everything stored about one learner's lesson. */
    LessonProgress lesson(String learner, String lesson);

    /** Per lesson the learner touched: visited, exercises passed; for the rail's progress marks. */
    Map<String, LessonSummary> summary(String learner);

    /** A display name chosen when joining a workshop. */
    void rename(String learner, String displayName);

    @Override
    void close();
}
