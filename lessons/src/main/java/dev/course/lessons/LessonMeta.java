package dev.course.lessons;

/**
 * The front matter of a lesson: what the home page and the left rail show about it.
 *
 * @param title   the lesson's title, shown as its heading
 * @param track   the id of the track it belongs to (a key of {@code course.yaml})
 * @param order   its position within the track, 1 first
 * @param summary one or two sentences for the course home page
 */
public record LessonMeta(String title, String track, int order, String summary) {
}
