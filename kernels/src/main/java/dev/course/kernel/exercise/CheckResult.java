package dev.course.kernel.exercise;

/**
 * The outcome of one check (one JUnit test) of an exercise.
 *
 * @param name    what the check verifies: the test's display name, e.g. {@code orthogonal vectors}
 * @param passed  whether it passed
 * @param message why it failed (the assertion message, e.g. {@code expected: <1.0> but was: <0.7>});
 *                {@code null} when it passed
 */
public record CheckResult(String name, boolean passed, String message) {
}
