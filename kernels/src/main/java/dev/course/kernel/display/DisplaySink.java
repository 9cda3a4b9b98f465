package dev.course.kernel.display;

import dev.course.engine.display.MimeBundle;

/**
 * Where {@link Display} sends what cells show. Inside the kernel it publishes Jupyter's
 * {@code display_data}, {@code update_display_data} and {@code clear_output} messages for the
 * current request; the kernel connects it with {@link Display#connect}.
 *
 * <p>Only {@link #show(Object, MimeBundle)} must be written (tests collect bundles with a lambda);
 * a sink that cannot update in place shows the new bundle instead, and one without output to clear
 * ignores a clear.
 */
@FunctionalInterface
public interface DisplaySink {

    /**
     * Shows a bundle.
     *
     * @param value  the object the bundle was made from (lets the kernel avoid showing a cell's value
     *               a second time when the cell already displayed it); may be the bundle itself
     * @param bundle what to show
     */
    void show(Object value, MimeBundle bundle);

    /**
     * Shows a bundle that {@link #update} may replace later.
     *
     * @param displayId the id later updates name, as {@link Display#display} returned it
     */
    default void show(Object value, MimeBundle bundle, String displayId) {
        show(value, bundle);
    }

    /** Replaces what was shown under this id, wherever it is, with a new bundle. */
    default void update(String displayId, MimeBundle bundle) {
        show(bundle, bundle);
    }

    /**
     * Clears the running cell's output.
     *
     * @param wait clear only when the next output arrives, so that an animation does not flicker
     */
    default void clear(boolean wait) {
    }
}
