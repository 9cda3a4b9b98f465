package dev.course.kernel.display;

import dev.course.engine.display.MimeBundle;

/**
 * Where {@link Display} sends what cells show. Inside the kernel it publishes {@code display_data}
 * messages for the current request; the kernel connects it with {@link Display#connect}.
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
}
