package dev.course.server.search;

import java.util.List;

/** Highlighting of query words in a snippet, for pages outside this package. */
public final class SearchHighlight {

    private SearchHighlight() {
    }

    /** The snippet as escaped HTML with the query's words in {@code <mark>}. */
    public static String html(String snippet, List<String> terms) {
        return Snippets.highlight(snippet, terms);
    }
}
