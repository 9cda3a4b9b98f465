package dev.course.server.workshop;

import java.util.List;
import java.util.Set;

/**
 * An instructor-run session: the lessons it covers in order, how many of them learners may open
 * so far, which exercises' solutions are revealed, and the instructor's latest message.
 *
 * @param code      the join code learners type (or follow as {@code /join/CODE})
 * @param title     shown to learners
 * @param lessons   {@code track/slug} of each step, in order
 * @param unlocked  how many steps are open (at least 1)
 * @param revealed  {@code track/slug/exercise} whose solutions learners may see
 * @param message   the latest broadcast, or null
 * @param messageAt when it was sent (epoch ms), 0 if never
 */
public record Workshop(String code, String title, List<String> lessons, int unlocked, Set<String> revealed,
                       String message, long messageAt) {

    public Workshop {
        lessons = List.copyOf(lessons);
        revealed = Set.copyOf(revealed);
        if (lessons.isEmpty()) {
            throw new IllegalArgumentException("a workshop needs at least one lesson");
        }
        if (unlocked < 1 || unlocked > lessons.size()) {
            throw new IllegalArgumentException("unlocked must be 1.." + lessons.size() + ", got " + unlocked);
        }
    }

    /** Whether learners may open a lesson: it is one of the first {@link #unlocked} steps. */
    public boolean isOpen(String lesson) {
        int step = lessons.indexOf(lesson);
        return step >= 0 && step < unlocked;
    }

    public boolean isRevealed(String lesson, String exercise) {
        return revealed.contains(lesson + "/" + exercise);
    }
}
