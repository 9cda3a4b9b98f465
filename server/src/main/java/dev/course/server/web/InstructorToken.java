package dev.course.server.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The secret that makes someone the instructor: printed once when the server starts in workshop
 * mode, exchanged for an HttpOnly, same-site cookie on the first visit to {@code /instructor?token=…}.
 */
final class InstructorToken {

    static final String COOKIE = "course_instructor";
    private final String token;

    InstructorToken(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("an instructor token needs at least 16 characters");
        }
        this.token = token;
    }

    String value() {
        return token;
    }

    /** Constant-time comparison, so the token cannot be guessed a character at a time from response times. */
    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    boolean isInstructor(Context ctx) {
        return matches(ctx.cookie(COOKIE));
    }

    void grant(Context ctx) {
        Cookie cookie = new Cookie(COOKIE, token);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        ctx.cookie(cookie);
    }
}
