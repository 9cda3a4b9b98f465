package dev.course.server.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The anonymous learner id kept in a cookie: a random 128-bit id, signed by the server
 * ({@link CookieSigner}), so that a learner's kernels and progress belong to them without accounts
 * and no one can invent learners: a kernel starts only for an id this server issued.
 *
 * <p>The cookie is HttpOnly, and {@code SameSite=Lax} rather than Strict: a learner who follows a
 * link to a lesson from another site (a chat, the workshop's join link in an e-mail) must arrive
 * as themselves; with Strict the browser would withhold the cookie on that navigation, the server
 * would issue a new id, and the learner would seem to lose their progress. Lax still withholds it
 * from other sites' forms, scripts and WebSockets; state-changing requests check their Origin too.
 * It lives {@link #LIFETIME} and is renewed on every page, so only a learner away that long starts anew.
 */
final class LearnerCookie {

    static final String NAME = "course_learner";
    /** How long a cookie lasts after the learner's last page view. */
    static final Duration LIFETIME = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CookieSigner signer;
    private final boolean secure;
    private final Predicate<String> knownLearner;

    /**
     * @param signer       signs and verifies cookies with the server's secret
     * @param secure       whether browsers must send the cookie over HTTPS only
     * @param knownLearner whether an id already has stored progress, so that a cookie from before
     *                     cookies were signed keeps its progress (see {@link #learner(Context)})
     */
    LearnerCookie(CookieSigner signer, boolean secure, Predicate<String> knownLearner) {
        this.signer = signer;
        this.secure = secure;
        this.knownLearner = knownLearner;
    }

    static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static boolean isId(String id) {
        return id != null && id.matches("[0-9a-f]{32}");
    }

    /** The learner a cookie value proves (an id this server signed), or empty. */
    Optional<String> verify(String cookieValue) {
        return signer.verify(cookieValue).filter(LearnerCookie::isId);
    }

    /** The learner a request's cookie proves, or empty; never issues a cookie. */
    Optional<String> existing(Context ctx) {
        return verify(ctx.cookie(NAME));
    }

    /** The cookie value that proves an id (for this server's own tools and tests). */
    String signed(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a learner id: " + id);
        }
        return signer.sign(id);
    }

    /**
     * The learner of a page request: the id their cookie proves, renewed for another
     * {@link #LIFETIME}; otherwise a new id and cookie. A cookie from before signing (the bare id)
     * whose id has stored progress is signed now, so nothing is lost; an unknown bare id is a
     * new learner. Nothing is written to the database here: a learner exists once they do something.
     */
    String learner(Context ctx) {
        String offered = ctx.cookie(NAME);
        String id = verify(offered)
                .or(() -> isId(offered) && knownLearner.test(offered) ? Optional.of(offered) : Optional.empty())
                .orElseGet(LearnerCookie::newId);
        issue(ctx, id);
        return id;
    }

    private void issue(Context ctx, String id) {
        Cookie cookie = new Cookie(NAME, signer.sign(id));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setSecure(secure);
        cookie.setPath("/");
        cookie.setMaxAge((int) LIFETIME.toSeconds());
        ctx.cookie(cookie);
    }
}
