package dev.course.engine.chunk;

/**
 * A half-open character range {@code [start, end)} of a document's text, in Java (UTF-16)
 * indices: {@code text.substring(start, end)}.
 */
public record Span(int start, int end) {

    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
