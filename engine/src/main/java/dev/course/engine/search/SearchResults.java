package dev.course.engine.search;

import dev.course.engine.table.Table;
import dev.course.engine.table.Tabular;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The ranked hits of one query under one method, best first. In a lesson it renders as a table of
 * rank, score, document, span and text.
 *
 * @param query  what was searched
 * @param method how it was ranked, e.g. {@code "bm25"} or {@code "rrf(bm25, dense)"}
 * @param hits   the hits, best first
 */
public record SearchResults(String query, String method, List<Hit> hits) implements Tabular {

    /** Longest text shown per hit in the rendered table. */
    public static final int SNIPPET_CHARS = 160;

    public SearchResults {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(method, "method");
        hits = List.copyOf(hits);
    }

    public int size() {
        return hits.size();
    }

    public Hit get(int rank) {
        return hits.get(rank);
    }

    /** The first {@code k} hits. */
    public SearchResults top(int k) {
        return new SearchResults(query, method, hits.subList(0, Math.min(k, hits.size())));
    }

    /** The chunk ids, best first. */
    public List<String> chunkIds() {
        return hits.stream().map(h -> h.chunk().id()).toList();
    }

    /**
     * The document ids, best first, each once: a document's rank is that of its best chunk. This is
     * what evaluation judges, since judgements are about documents.
     */
    public List<String> documentIds() {
        var ids = new LinkedHashSet<String>();
        hits.forEach(h -> ids.add(h.chunk().documentId()));
        return new ArrayList<>(ids);
    }

    @Override
    public Table table() {
        var rows = new ArrayList<List<String>>();
        for (int i = 0; i < hits.size(); i++) {
            Hit h = hits.get(i);
            String text = h.chunk().text();
            String snippet = text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS - 1) + "…" : text;
            rows.add(List.of(String.valueOf(i + 1), String.format(Locale.ROOT, "%.4f", h.score()),
                    h.chunk().documentId(), h.chunk().span().toString(), h.chunk().title(), snippet));
        }
        return new Table(method + ": " + query, List.of("rank", "score", "document", "span", "title", "text"), rows);
    }

    @Override
    public String toString() {
        return table().toString();
    }
}
