package dev.course.engine.chunk;

import java.util.Objects;

/**
 * A source document as the user gave it, before chunking.
 *
 * @param id     unique and stable: evaluation judgements and search hits refer to it
 * @param title  may be empty
 * @param text   the body
 * @param source where it came from (a file, a URL, a collection name); may be empty
 */
public record Document(String id, String title, String text, String source) {

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a document needs a non-blank id");
        }
    }

    /** A document with only an id and a text. */
    public static Document of(String id, String text) {
        return new Document(id, "", text, "");
    }
}
