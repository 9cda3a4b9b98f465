package dev.course.kernel.jshell;

/**
 * Where a snippet came from, so a stack frame {@code (#12:3)} — JShell's "snippet 12, line 3" — can be
 * told to the learner as "cell [4], line 7".
 *
 * @param executionCount the execution count of the cell it was part of
 * @param firstLine      the cell line its first line is on, counting from 1
 */
record SnippetOrigin(int executionCount, int firstLine) {
}
