package dev.course.server.web;

/**
 * What a learner may see of the course now. Every route that shows a lesson asks it: the lesson
 * page, its kernel socket, its concept checks, its notebook, its solutions and the search. On a
 * server for self-study everything is open; in a workshop the instructor opens steps and reveals
 * solutions ({@link CourseMode}).
 */
public interface LessonAccess {

    /** Whether a learner may open a lesson ({@code track/slug}) now: its page, kernel, checks and notebook. */
    boolean mayOpen(String learner, String lesson);

    /** Whether learners may see the solution of an exercise of a lesson ({@code track/slug}). */
    boolean maySeeSolution(String lesson, String exercise);
}
