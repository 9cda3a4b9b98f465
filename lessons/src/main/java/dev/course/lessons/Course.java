package dev.course.lessons;

import java.util.List;
import java.util.Optional;

/**
 * The whole course: its tracks in order, each with its lessons in order.
 *
 * @param title  the course title for the top bar
 * @param tracks the tracks in the order of {@code course.yaml}
 */
public record Course(String title, List<Track> tracks) {

    public Course {
        tracks = List.copyOf(tracks);
    }

    /** Every lesson of every track, in course order. */
    public List<Lesson> lessons() {
        return tracks.stream().flatMap(track -> track.lessons().stream()).toList();
    }

    /** A lesson by its track and slug, as it appears in the URL {@code /learn/TRACK/SLUG}. */
    public Optional<Lesson> lesson(String trackId, String slug) {
        return lessons().stream()
                .filter(lesson -> lesson.meta().track().equals(trackId) && lesson.slug().equals(slug))
                .findFirst();
    }

    public Optional<Track> track(String id) {
        return tracks.stream().filter(track -> track.id().equals(id)).findFirst();
    }

    /** The lesson after this one in course order, if any: where the "Next" link goes. */
    public Optional<Lesson> after(Lesson lesson) {
        List<Lesson> all = lessons();
        int at = all.indexOf(lesson);
        return at >= 0 && at + 1 < all.size() ? Optional.of(all.get(at + 1)) : Optional.empty();
    }

    /** The lesson before this one in course order, if any. */
    public Optional<Lesson> before(Lesson lesson) {
        List<Lesson> all = lessons();
        int at = all.indexOf(lesson);
        return at > 0 ? Optional.of(all.get(at - 1)) : Optional.empty();
    }
}
