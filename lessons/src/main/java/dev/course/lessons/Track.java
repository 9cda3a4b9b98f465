package dev.course.lessons;

import java.util.List;

/**
 * A sequence of lessons on one theme, in order.
 *
 * @param id      the key lessons name in their front matter {@code track}
 * @param title   shown in the left rail and on the home page
 * @param summary one or two sentences for the home page
 * @param lessons the lessons, sorted by their front matter {@code order}
 */
public record Track(String id, String title, String summary, List<Lesson> lessons) {

    public Track {
        lessons = List.copyOf(lessons);
    }
}
