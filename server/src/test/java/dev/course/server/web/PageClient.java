package dev.course.server.web;

import dev.course.server.bench.PageConnection;

/** A lesson page without a browser, for tests: a {@link PageConnection} with a fresh-learner helper. */
public final class PageClient extends PageConnection {

    public PageClient(String base, String learner) {
        super(base, learner);
    }

    /** A new learner id, as the server would issue. */
    public static String newLearner() {
        return LearnerCookie.newToken();
    }

    @Override
    public PageClient open(String lesson) throws Exception {
        super.open(lesson);
        return this;
    }
}
