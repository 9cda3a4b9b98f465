package dev.course.server.web;

import dev.course.server.bench.PageConnection;

/** A lesson page without a browser, for tests: a {@link PageConnection} with a fresh-learner helper. */
public final class PageClient extends PageConnection {

    public PageClient(String base, String learner) {
        super(base, learner);
    }

    /** A new learner of the server at {@code base}: the signed cookie value its home page issues. */
    public static String newLearner(String base) throws Exception {
        return PageConnection.newLearner(base);
    }

    @Override
    public PageClient open(String lesson) throws Exception {
        super.open(lesson);
        return this;
    }
}
