package dev.course.server.web;

import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import dev.course.lessons.Track;

import static dev.course.lessons.Html.escape;

/** The course home page: every track with its lessons and their summaries. */
final class HomePage {

    private HomePage() {
    }

    static String render(Course course, java.util.Map<String, dev.course.server.progress.LessonSummary> progress) {
        StringBuilder body = new StringBuilder();
        body.append("<article class=\"home\"><h1>").append(escape(course.title())).append("</h1>")
                .append("<p class=\"lead\">Build a real search engine and a RAG system, one runnable page at a time. "
                        + "Every cell runs Java in your own kernel, and every score can be reproduced: the same cell prints the "
                        + "same numbers to the last digit, run after run and kernel after kernel. Only timings vary with the "
                        + "machine, and the lessons on the JDK's documentation read it from the JDK you run.</p>");
        for (Track track : course.tracks()) {
            body.append("<section class=\"track\" data-testid=\"track\"><h2>").append(escape(track.title())).append("</h2>")
                    .append("<p>").append(escape(track.summary())).append("</p><ol class=\"lesson-list\">");
            for (Lesson lesson : track.lessons()) {
                body.append("<li data-testid=\"lesson-link\"><a href=\"").append(LessonPage.url(lesson)).append("\">")
                        .append(escape(lesson.meta().title())).append("</a><p>").append(escape(lesson.meta().summary()))
                        .append("</p></li>");
            }
            body.append("</ol></section>");
        }
        body.append("</article>");
        return PageLayout.page(course.title(), course, null, body.toString(), "class=\"page-home\"", progress);
    }
}
