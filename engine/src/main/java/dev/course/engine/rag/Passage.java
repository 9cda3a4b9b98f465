package dev.course.engine.rag;

import dev.course.engine.chunk.Chunk;

import java.util.Objects;

/**
 * A numbered source given to an answerer: "[n]" in an answer refers to the passage with that number.
 *
 * @param n      its number, from 1, as the prompt shows it
 * @param id     the chunk's id, so a citation can be traced to its document and span
 * @param title  the chunk's title (a lesson section, a file name)
 * @param text   the exact text the answerer saw
 * @param origin which knowledge source it came from (e.g. {@code lessons})
 */
public record Passage(int n, String id, String title, String text, String origin) {

    public Passage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
        if (n < 1) {
            throw new IllegalArgumentException("passages are numbered from 1, got " + n);
        }
    }

    /** Passage {@code n} made from a retrieved chunk. */
    public static Passage of(int n, Chunk chunk, String origin) {
        return new Passage(n, chunk.id(), chunk.title(), chunk.text(), origin);
    }

    /**
     * The id of the section it was cut from: its id without the chunk number a chunker adds
     * ({@code track/lesson#section#2} → {@code track/lesson#section}); a passage that is a whole section
     * keeps its id.
     */
    public String section() {
        return id.matches(".*#.*#\\d+$") ? id.substring(0, id.lastIndexOf('#')) : id;
    }

    /**
     * The id of the document it was cut from: its id up to the first {@code #}
     * ({@code track/lesson#section#2} → {@code track/lesson}); an id without one is its own document.
     */
    public String document() {
        int hash = id.indexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }

    /** The passage as the prompt shows it: {@code [n] title: text}. */
    public String numbered() {
        return "[" + n + "] " + (title.isEmpty() ? "" : title + ": ") + text;
    }
}
