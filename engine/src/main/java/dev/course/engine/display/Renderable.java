package dev.course.engine.display;

/**
 * Something that knows how to show itself in a lesson page or a notebook.
 *
 * <p>When a cell's value implements this interface, the kernel shows {@link #render()} instead of
 * {@code toString()}: a search result becomes a table, an attention matrix a heatmap. Keeping the
 * interface in the engine lets engine objects draw themselves without the engine knowing anything
 * about kernels.
 */
@FunctionalInterface
public interface Renderable {

    /** The representations of this object, richest first, always with a text/plain fallback. */
    MimeBundle render();
}
