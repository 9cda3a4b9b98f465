package dev.course.server.workshop;

import dev.course.server.web.WebToolkit;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The secret that makes someone the instructor: printed once when the server starts in workshop
 * mode, and exchanged on the first visit to {@code /instructor?token=…} for a session cookie.
 * The cookie is not the token: it is a session signed with the server's secret
 * ({@link WebToolkit#sign}) that expires after {@link #SESSION_LIFETIME}, so a leaked cookie does
 * not leak the link, and it is HttpOnly, {@code SameSite=Strict} (no other site's page can make the
 * browser act as the instructor) and {@code Secure} when the server is reached over HTTPS.
 */
public final class InstructorToken {

    static final String COOKIE = "course_instructor";
    /** How long an instructor stays signed in: a teaching day. */
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** The shortest token accepted: a guessable one would give the room away. */
    static final int MIN_CHARS = 16;
    private static final String SESSION_PREFIX = "instructor-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final WebToolkit web;

    InstructorToken(String token, WebToolkit web) {
        this.token = checked(token);
        this.web = web;
    }

    /** A fresh instructor secret for {@code serve --workshop}: 144 random bits as hex. */
    public static String newToken() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The token, if it is long enough to be one. */
    static String checked(String token) {
        if (token == null || token.length() < MIN_CHARS) {
            throw new IllegalArgumentException("an instructor token needs at least " + MIN_CHARS + " characters");
        }
        return token;
    }

    /** Constant-time comparison, so the token cannot be guessed a character at a time from response times. */
    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    boolean isInstructor(Context ctx) {
        return isSession(ctx.cookie(COOKIE));
    }

    /** Whether a cookie value is an instructor session this server signed and that has not expired. */
    boolean isSession(String cookieValue) {
        return web.verify(cookieValue).filter(value -> value.startsWith(SESSION_PREFIX)).map(value -> {
            String[] parts = value.substring(SESSION_PREFIX.length()).split("-", 2);
            try {
                return parts.length == 2 && Long.parseLong(parts[0]) > System.currentTimeMillis() / 1000;
            } catch (NumberFormatException e) {
                return false;
            }
        }).orElse(false);
    }

    /** Starts an instructor session: the token was right. */
    void grant(Context ctx) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        long expires = System.currentTimeMillis() / 1000 + SESSION_LIFETIME.toSeconds();
        Cookie cookie = new Cookie(COOKIE, web.sign(SESSION_PREFIX + expires + "-" + HexFormat.of().formatHex(nonce)));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure(web.secureCookies());
        cookie.setPath("/");
        cookie.setMaxAge((int) SESSION_LIFETIME.toSeconds());
        ctx.cookie(cookie);
    }
}
