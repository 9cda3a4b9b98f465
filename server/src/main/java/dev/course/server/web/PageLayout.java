package dev.course.server.web;

import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import dev.course.lessons.Track;
import dev.course.server.progress.LessonSummary;

import java.util.Map;

import static dev.course.lessons.Html.escape;

/**
 * The frame every page shares: the top bar (title, theme switch, kernel state), the left rail with
 * tracks and lessons, and the reading column. Everything it links to is served by the application
 * itself: no CDN, so the course works in an offline classroom.
 */
final class PageLayout {

    static final String CODEMIRROR = "/webjars/codemirror/" + WebAssets.CODEMIRROR_VERSION;
    static final String KATEX = "/webjars/katex/" + WebAssets.KATEX_VERSION + "/dist";

    private PageLayout() {
    }

    /**
     * A whole page.
     *
     * @param title   the document title
     * @param course  for the rail
     * @param current the lesson being shown, highlighted in the rail; may be null
     * @param body    the main column's HTML
     * @param bodyAttributes extra attributes on {@code <body>} (already escaped)
     * @param progress the learner's progress per lesson ({@code track/slug}), for the rail's marks
     */
    static String page(String title, Course course, Lesson current, String body, String bodyAttributes,
                       Map<String, LessonSummary> progress) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <script>%s</script>
                <link rel="stylesheet" href="%s/lib/codemirror.css">
                <link rel="stylesheet" href="%s/katex.min.css">
                <link rel="stylesheet" href="/assets/course.css">
                </head>
                <body %s>
                <a class="skip" href="#main">Skip to content</a>
                <header class="topbar">
                  <a class="brand" href="/">%s</a>
                  <form class="search" action="/search" role="search"><input type="search" name="q" placeholder="Search the course"
                    aria-label="Search the course" data-testid="search-input"></form>
                  <span class="spacer"></span>
                  <span class="kernel-state" data-testid="kernel-state" data-state="none" hidden title="Kernel state" role="status" aria-live="polite" aria-atomic="true">no kernel</span>
                  <button type="button" class="icon-button" data-action="interrupt" title="Interrupt the running cell" hidden>■ Stop</button>
                  <button type="button" class="icon-button" data-action="restart" title="Restart the kernel (clears all variables)" hidden>↻ Restart</button>
                  <button type="button" class="icon-button theme-toggle" data-action="theme" title="Switch light/dark theme" aria-label="Dark theme" aria-pressed="false">◐</button>
                </header>
                <div class="layout">
                <nav class="rail" aria-label="Lessons">%s</nav>
                <main id="main" class="main">%s</main>
                </div>
                <script src="%s/lib/codemirror.js"></script>
                <script src="%s/mode/clike/clike.js"></script>
                <script src="%s/addon/edit/matchbrackets.js"></script>
                <script src="%s/katex.min.js"></script>
                <script src="/assets/course.js"></script>
                </body>
                </html>
                """.formatted(escape(title), THEME_BOOTSTRAP, CODEMIRROR, KATEX, bodyAttributes, escape(course.title()),
                rail(course, current, progress), body, CODEMIRROR, CODEMIRROR, CODEMIRROR, KATEX);
    }

    /** done: every exercise passed (or visited, if it has none); started: visited. */
    private static String mark(Lesson lesson, LessonSummary summary) {
        if (summary == null || !summary.visited()) {
            return "";
        }
        return summary.exercisesPassed() >= lesson.exercises().size() ? "done" : "started";
    }

    private static final String THEME_BOOTSTRAP =
            "(function(){var t=localStorage.getItem('course-theme');"
            + "if(!t){t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';}"
            + "document.documentElement.dataset.theme=t;})();";

    private static String rail(Course course, Lesson current, Map<String, LessonSummary> progress) {
        StringBuilder html = new StringBuilder();
        for (Track track : course.tracks()) {
            html.append("<section class=\"rail-track\"><h2>").append(escape(track.title())).append("</h2><ol>");
            for (Lesson lesson : track.lessons()) {
                boolean here = lesson.equals(current);
                String mark = mark(lesson, progress.get(LessonPage.path(lesson)));
                html.append("<li class=\"").append(here ? "current " : "").append(mark).append("\"><a href=\"")
                        .append(LessonPage.url(lesson)).append("\"").append(here ? " aria-current=\"page\"" : "")
                        .append(">").append(escape(lesson.meta().title()))
                        .append(mark.equals("done") ? "<span class=\"visually-hidden\"> (done)</span>" : "")
                        .append("</a></li>");
            }
            html.append("</ol></section>");
        }
        return html.toString();
    }
}
