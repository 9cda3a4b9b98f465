package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellOutcome;

/**
 * One magic. A line magic ({@code %jars lib/*.jar}) gets the rest of its line; a cell magic
 * ({@code %%time} on the first line) also gets the lines below it. A magic may be both.
 *
 * <p>Magics report to the cell's output through {@link MagicContext}; a magic that cannot do what
 * it was asked throws {@link MagicException} with a one-line message saying what to do instead.
 */
public interface Magic {

    /** The name without percent signs, such as {@code jars}. */
    String name();

    /** How to call it, such as {@code %jars PATH...}; {@code %%} for cell magics. */
    String usage();

    /** One sentence saying what it does. */
    String summary();

    /** Whether {@code %name} on its own line works. */
    default boolean isLine() {
        return true;
    }

    /** Whether {@code %%name} as a cell's first line works. */
    default boolean isCell() {
        return false;
    }

    /**
     * Runs the line magic.
     *
     * @param args the rest of the line after the name, stripped
     * @return how it ended: a value to show (for {@code %time EXPR}) or nothing
     */
    default CellOutcome runLine(String args, MagicContext context) throws MagicException {
        throw new MagicException("%" + name() + " is a cell magic: write %%" + name() + " as the first line of the cell");
    }

    /**
     * Runs the cell magic.
     *
     * @param args the rest of the first line after the name, stripped
     * @param body the lines below the first
     */
    default CellOutcome runCell(String args, String body, MagicContext context) throws MagicException {
        throw new MagicException("%%" + name() + " is a line magic: write %" + name() + " " + "on a line of its own");
    }
}
