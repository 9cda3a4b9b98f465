package dev.course.server.progress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logs name learners by a short hash, never by the id that is their credential (issue 12, Low). */
class LearnerIdsTest {

    private static final String LEARNER = "0123456789abcdef0123456789abcdef";

    @Test
    void aLoggedKernelKeyKeepsTheLessonButNotTheId() {
        String logged = LearnerIds.redactKey(LEARNER + ":foundations/vectors-and-similarity");
        assertFalse(logged.contains(LEARNER.substring(0, 8)), logged);
        assertTrue(logged.endsWith(":foundations/vectors-and-similarity"), logged);
        assertTrue(LearnerIds.publicId(LEARNER).matches("[0-9a-f]{16}"));
        assertEquals(LearnerIds.publicId(LEARNER), LearnerIds.publicId(LEARNER), "the same learner, the same name in the log");
        assertNotEquals(LearnerIds.publicId(LEARNER), LearnerIds.publicId(LEARNER.replace('0', '1')));
    }
}
