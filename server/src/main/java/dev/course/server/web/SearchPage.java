package dev.course.server.web;

import dev.course.lessons.Course;
import dev.course.server.progress.LessonSummary;
import dev.course.server.search.CourseSearch;

import java.util.List;
import java.util.Map;

import static dev.course.lessons.Html.escape;

/** The results of a search across the course: each hit a section, with its matching passage highlighted. */
final class SearchPage {

    private SearchPage() {
    }

    static String render(Course course, String query, List<CourseSearch.Result> results, Map<String, LessonSummary> progress) {
        StringBuilder body = new StringBuilder();
        body.append("<article class=\"search-results\"><h1>Search</h1>")
                .append("<form class=\"search-large\" action=\"/search\" role=\"search\"><input type=\"search\" name=\"q\" value=\"")
                .append(escape(query)).append("\" aria-label=\"Search the course\" data-testid=\"search-page-input\">")
                .append("<button type=\"submit\" class=\"check\">Search</button></form>");
        if (!query.isBlank()) {
            body.append("<p class=\"search-count\">").append(results.size()).append(results.size() == 1 ? " section" : " sections")
                    .append(" for <strong>").append(escape(query)).append("</strong> (hybrid: BM25 + MiniLM embeddings, fused by RRF)</p>");
        }
        body.append("<ol class=\"hits\">");
        for (CourseSearch.Result result : results) {
            body.append("<li class=\"hit\" data-testid=\"search-hit\"><a href=\"").append(escape(result.url())).append("\">")
                    .append(escape(result.title())).append("</a><p class=\"snippet\">")
                    .append(dev.course.server.search.SearchHighlight.html(result.snippet(), result.terms()))
                    .append("</p></li>");
        }
        body.append("</ol></article>");
        return PageLayout.page((query.isBlank() ? "Search" : query + " · Search") + " · " + course.title(), course, null,
                body.toString(), "class=\"page-search\"", progress);
    }
}
