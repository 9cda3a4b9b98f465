package dev.course.server.web;

import io.javalin.config.RoutesConfig;

/** {@link CourseMode#SELF_STUDY}: every lesson and solution open, nothing to add, nothing to stop. */
enum SelfStudy implements CourseMode {
    INSTANCE;

    @Override
    public boolean mayOpen(String learner, String lesson) {
        return true;
    }

    @Override
    public boolean maySeeSolution(String lesson, String exercise) {
        return true;
    }

    @Override
    public boolean shared() {
        return false;
    }

    /** Never shown: every lesson is open. */
    @Override
    public String lockedNotice(String learner) {
        return "<article class=\"lesson\"><h1>Not open</h1></article>";
    }

    @Override
    public void register(RoutesConfig routes, WebToolkit web) {
        // no pages of its own
    }

    @Override
    public void close() {
        // nothing runs in the background
    }
}
