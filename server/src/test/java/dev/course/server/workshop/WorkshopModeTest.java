package dev.course.server.workshop;

import dev.course.lessons.Course;
import dev.course.server.progress.Database;
import dev.course.server.web.CourseMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules workshop mode gives the web server ({@link CourseMode}): what a learner may open and
 * see, and why a step is closed, against a real database; self-study opens everything.
 */
@Timeout(60)
class WorkshopModeTest {

    private static final String TOKEN = "instructor-token-for-workshop-mode-test";
    /** The rules never read the course (only the pages and the dashboard do). */
    private static final Supplier<Course> NO_COURSE = () -> {
        throw new AssertionError("the rules read the course");
    };

    @Test
    void withNoWorkshopRunningNothingOpens(@TempDir Path dir) {
        try (Database database = Database.sqlite(dir.resolve("course.db"));
             WorkshopMode mode = new WorkshopMode(NO_COURSE, new WorkshopStore(database), null, TOKEN)) {
            assertFalse(mode.mayOpen("ada", "a/one"));
            assertFalse(mode.maySeeSolution("a/one", "cosine"));
            assertTrue(mode.lockedNotice("ada").contains("No workshop yet"), mode.lockedNotice("ada"));
            assertTrue(mode.shared(), "a room reaches a workshop server");
        }
    }

    @Test
    void aMemberOpensOnlyUnlockedStepsAndSeesOnlyRevealedSolutions(@TempDir Path dir) {
        try (Database database = Database.sqlite(dir.resolve("course.db"));
             WorkshopMode mode = new WorkshopMode(NO_COURSE, new WorkshopStore(database), null, TOKEN)) {
            WorkshopStore store = mode.store();
            String code = store.create("Room", List.of("a/one", "a/two")).code();
            assertFalse(mode.mayOpen("ada", "a/one"), "not a member yet");
            assertTrue(mode.lockedNotice("ada").contains("Join the workshop"), mode.lockedNotice("ada"));

            store.join(code, "ada", "Ada");
            assertTrue(mode.mayOpen("ada", "a/one"));
            assertFalse(mode.mayOpen("ada", "a/two"), "the second step is still locked");
            assertFalse(mode.mayOpen("ada", "b/other"), "a lesson outside the workshop");
            assertTrue(mode.lockedNotice("ada").contains("Not yet"), mode.lockedNotice("ada"));
            assertFalse(mode.mayOpen("grace", "a/one"), "another learner is no member");

            store.unlockNext(code);
            assertTrue(mode.mayOpen("ada", "a/two"));

            assertFalse(mode.maySeeSolution("a/one", "cosine"));
            store.reveal(code, "a/one", "cosine");
            assertTrue(mode.maySeeSolution("a/one", "cosine"));
            assertFalse(mode.maySeeSolution("a/one", "dot"), "only the revealed exercise");

            store.end(code);
            assertFalse(mode.mayOpen("ada", "a/one"), "an ended workshop opens nothing");
            assertFalse(mode.maySeeSolution("a/one", "cosine"));
        }
    }

    @Test
    void aShortInstructorTokenIsRefused(@TempDir Path dir) {
        try (Database database = Database.sqlite(dir.resolve("course.db"))) {
            assertThrows(IllegalArgumentException.class, () -> new WorkshopMode(NO_COURSE, new WorkshopStore(database), null, "short"));
        }
    }

    @Test
    void selfStudyOpensEverythingAndIsNotShared() {
        assertTrue(CourseMode.SELF_STUDY.mayOpen("anyone", "a/one"));
        assertTrue(CourseMode.SELF_STUDY.maySeeSolution("a/one", "cosine"));
        assertFalse(CourseMode.SELF_STUDY.shared());
    }

    @Test
    void instructorTokensAreLongAndFresh() {
        String token = InstructorToken.newToken();
        assertTrue(token.matches("[0-9a-f]{36}"), token);
        assertFalse(token.equals(InstructorToken.newToken()));
    }
}
