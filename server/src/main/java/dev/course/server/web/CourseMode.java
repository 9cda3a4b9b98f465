package dev.course.server.web;

import io.javalin.config.RoutesConfig;

/**
 * How the course is run on this server: for self-study ({@link #SELF_STUDY}: everything open, no
 * pages of its own), or as a workshop (the package {@code server.workshop}: an instructor opens
 * the steps, learners join with a code). The web server asks the mode what a learner may see
 * ({@link LessonAccess}) and lets it add its own pages; it knows nothing else of it, so that the
 * workshop's code lives in one package that depends on this one, and not the other way round.
 */
public interface CourseMode extends LessonAccess, AutoCloseable {

    /** Self-study: every lesson and every solution open, no pages beyond the course's own. */
    CourseMode SELF_STUDY = SelfStudy.INSTANCE;

    /**
     * Whether this mode brings other people than this machine's user to the server (a room of
     * learners): their learner cookies then live shorter ({@link LearnerCookie#lifetime}).
     */
    boolean shared();

    /**
     * The HTML shown, inside the page's frame, instead of a lesson the learner may not open
     * ({@link #mayOpen}): why it is closed, and what to do.
     */
    String lockedNotice(String learner);

    /**
     * Adds this mode's pages, API routes and sockets to the web server, once, as it is built.
     *
     * @param web what those pages may use of the web server: its page frame, the learner's cookie,
     *            the host and origin checks, its cookie signature
     */
    void register(RoutesConfig routes, WebToolkit web);

    /** Stops what the mode runs in the background; the web server calls it as it stops. */
    @Override
    void close();
}
