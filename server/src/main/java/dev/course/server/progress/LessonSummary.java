package dev.course.server.progress;

/**
 * @param visited         the learner opened the lesson
 * @param exercisesPassed how many of its exercises they passed
 */
public record LessonSummary(boolean visited, int exercisesPassed) {
}
