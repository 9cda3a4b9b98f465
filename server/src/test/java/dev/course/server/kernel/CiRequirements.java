package dev.course.server.kernel;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a test needs from the machine, skipped on a developer's machine that lacks it but failed on
 * CI, which must have it all: {@code .ci/run} sets {@code CI=true}, and a suite that would skip its
 * sandbox cases there would pass while testing nothing.
 */
public final class CiRequirements {

    private CiRequirements() {
    }

    /** Whether this run is CI ({@code CI=true}). */
    public static boolean onCi() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * Skips the test when {@code present} is false, with {@code message} as the reason; on CI fails it instead.
     */
    public static void require(boolean present, String message) {
        if (!present && onCi()) {
            fail("CI (CI=true) must have this, and it is missing: " + message);
        }
        Assumptions.assumeTrue(present, message);
    }

    /**
     * For what a test can do without but CI must have: fails on CI when {@code present} is false,
     * elsewhere returns it so the test can leave out what depends on it.
     */
    public static boolean presentOrFailOnCi(boolean present, String message) {
        if (!present && onCi()) {
            fail("CI (CI=true) must have this, and it is missing: " + message);
        }
        return present;
    }
}
