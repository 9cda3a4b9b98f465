package dev.course.server.web;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The anonymous learner id kept in a cookie: a random 128-bit token, so that a learner's kernels
 * and (later) progress belong to them without accounts. Unguessable, HttpOnly, same-site only.
 */
final class LearnerCookie {

    static final String NAME = "course_learner";
    private static final SecureRandom RANDOM = new SecureRandom();

    private LearnerCookie() {
    }

    static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static boolean isValid(String token) {
        return token != null && token.matches("[0-9a-f]{32}");
    }
}
