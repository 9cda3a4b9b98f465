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
 * It is renewed on every page, so only a learner away for its whole {@link #lifetime lifetime} starts anew.
 */
final class LearnerCookie {

    static final String NAME = "course_learner";
    /**
     * How long a cookie lasts after the learner's last page view on a server only this machine's
     * user reaches (loopback, no workshop): whoever holds the browser is the learner, and a learner
     * who pauses the course for some weeks should find their progress.
     */
    static final Duration PRIVATE_LIFETIME = Duration.ofDays(30);
    /**
     * The same on a shared server (a workshop, HTTPS, a public URL, another address): a week, so a
     * class that meets once a week keeps its learners (each page renews the cookie), while a cookie
     * left behind on a lab machine or a shared browser, or copied, stops working a week after its
     * last use rather than a month. A workshop's cookie is worth nothing once no workshop runs.
     */
    static final Duration SHARED_LIFETIME = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CookieSigner signer;
    private final boolean secure;
    private final Duration lifetime;
    private final Predicate<String> knownLearner;

    /**
     * @param signer       signs and verifies cookies with the server's secret
     * @param secure       whether browsers must send the cookie over HTTPS only
     * @param lifetime     how long a cookie lasts after the last page view ({@link #lifetime(boolean)})
     * @param knownLearner whether an id already has stored progress, so that a cookie from before
     *                     cookies were signed keeps its progress (see {@link #learner(Context)})
     */
    LearnerCookie(CookieSigner signer, boolean secure, Duration lifetime, Predicate<String> knownLearner) {
        this.signer = signer;
        this.secure = secure;
        this.lifetime = lifetime;
        this.knownLearner = knownLearner;
    }

    /** {@link #SHARED_LIFETIME} on a server others reach, {@link #PRIVATE_LIFETIME} otherwise. */
    static Duration lifetime(boolean sharedServer) {
        return sharedServer ? SHARED_LIFETIME : PRIVATE_LIFETIME;
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
     * lifetime; otherwise a new id and cookie. A cookie from before signing (the bare id)
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
        cookie.setMaxAge((int) lifetime.toSeconds());
        ctx.cookie(cookie);
    }
}
