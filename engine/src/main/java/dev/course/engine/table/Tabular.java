package dev.course.engine.table;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;

/**
 * A result whose picture is a {@link Table}: search hits, a score explanation, an evaluation report,
 * a benchmark's numbers. It renders as its table in a page or notebook; implementations usually
 * return {@code table().toString()} from {@code toString()} too, so the terminal shows the same columns.
 */
public interface Tabular extends Renderable {

    /** The result as a table. */
    Table table();

    @Override
    default MimeBundle render() {
        return table().render();
    }
}
