package dev.course.kernel.protocol;

/**
 * The course's own MIME types in display bundles: what the kernel publishes and the server and the
 * tests look for. The page's script ({@code assets/…/course.js}) names the same type, in JavaScript.
 */
public final class MimeTypes {

    /**
     * An exercise's verdict: {@code {"exercise": id, "passed": bool, "checks": [{"name", "passed",
     * "message"}]}}, published once per check run (see {@code dev.course.kernel.exercise.CheckReport}).
     */
    public static final String CHECK = "application/vnd.course.check+json";

    private MimeTypes() {
    }
}
