package dev.course.server.web;

import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Optional;

/**
 * What the pages of a {@link CourseMode} may use of the web server, and nothing more: the frame
 * every page shares and the headers every page gets, who the learner is (their signed cookie),
 * whether a request comes from this server's own pages, and the server's cookie signature for a
 * session of the mode's own (the instructor's). One per server, made by {@link CourseServer}.
 */
public final class WebToolkit {

    private final LearnerCookie cookies;
    private final HostCheck hosts;
    private final CookieSigner signer;
    private final boolean secureCookies;

    WebToolkit(LearnerCookie cookies, HostCheck hosts, CookieSigner signer, boolean secureCookies) {
        this.cookies = cookies;
        this.hosts = hosts;
        this.signer = signer;
        this.secureCookies = secureCookies;
    }

    /**
     * A whole page in the course's frame (top bar, the rail of lessons without progress marks).
     *
     * @param bodyClass the CSS class of {@code <body>}, e.g. {@code page-join}
     */
    public String page(String title, Course course, String body, String bodyClass) {
        return PageLayout.page(title, course, null, body, "class=\"" + bodyClass + "\"", Map.of());
    }

    /** Answers with an HTML page and the headers every page gets (its content security policy first). */
    public void html(Context ctx, String page) {
        CourseServer.html(ctx, page);
    }

    /** The learner a request comes from, given a new signed cookie if they have none. */
    public String learner(Context ctx) {
        return cookies.learner(ctx);
    }

    /** Whether a request's {@code Host} header names this server (no DNS rebinding). */
    public boolean hostAllowed(String host) {
        return hosts.hostAllowed(host);
    }

    /** Whether a request comes from this server's own pages (its {@code Origin} header against its {@code Host}). */
    public boolean originAllowed(String origin, String host) {
        return hosts.originAllowed(origin, host);
    }

    /** {@code value} with this server's signature, for a cookie ({@link #verify} gives it back). */
    public String sign(String value) {
        return signer.sign(value);
    }

    /** The value of a cookie this server signed, or empty for anything else. */
    public Optional<String> verify(String signed) {
        return signer.verify(signed);
    }

    /** Whether cookies must be {@code Secure}: the server serves HTTPS, or learners reach it by an https URL. */
    public boolean secureCookies() {
        return secureCookies;
    }

    /** A lesson's name in progress, workshops and the kernel socket: {@code track/slug}. */
    public static String lessonPath(Lesson lesson) {
        return LessonPage.path(lesson);
    }
}
