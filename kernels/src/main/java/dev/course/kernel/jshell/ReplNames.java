package dev.course.kernel.jshell;

import java.util.regex.Pattern;

/**
 * Removes JShell's wrapper class names from text meant for learners. JShell compiles each snippet
 * inside a synthetic class such as {@code REPL.$JShell$12}, and those names leak into exception
 * messages ({@code because "REPL.$JShell$8.s" is null}) and class names; the learner wrote {@code s}.
 */
public final class ReplNames {

    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[.$]");

    private ReplNames() {
    }

    /** The text without wrapper names; {@code null} becomes {@code ""}. */
    public static String clean(String text) {
        return text == null ? "" : WRAPPER.matcher(text).replaceAll("");
    }
}
