package dev.course.engine.chunk;

import java.util.Objects;

/**
 * A piece of a document small enough to embed and to show as one search hit, which remembers
 * exactly where it came from: its document, and the span of the document's text it covers, so
 * {@code document.text().substring(span.start(), span.end())} equals {@link #text()}.
 *
 * @param id         unique, e.g. {@code "doc-7#2"} for the third chunk of document doc-7
 * @param documentId the id of the {@link Document}
 * @param title      the document's title, repeated on every chunk (it helps both BM25 and embeddings)
 * @param text       the chunk's text
 * @param source     the document's source
 * @param span       where {@code text} is in the document's text
 */
public record Chunk(String id, String documentId, String title, String text, String source, Span span) {

    public Chunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(span, "span");
        if (span.length() != text.length()) {
            throw new IllegalArgumentException("span " + span + " does not match a text of length " + text.length());
        }
    }

    /** The whole document as one chunk. */
    public static Chunk whole(Document document) {
        return new Chunk(document.id(), document.id(), document.title(), document.text(), document.source(),
                new Span(0, document.text().length()));
    }

    /** What gets indexed and embedded: the title (when there is one) and then the text. */
    public String indexText() {
        return title.isEmpty() ? text : title + "\n" + text;
    }
}
