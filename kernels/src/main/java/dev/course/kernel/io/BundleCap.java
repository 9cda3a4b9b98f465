package dev.course.kernel.io;

import dev.course.engine.display.MimeBundle;

/**
 * Keeps one displayed value or cell result within a size limit.
 *
 * <p>A cell's value can be enormous ({@code "x".repeat(50_000_000)}, a table of a million rows),
 * and so can something it displays. Sent as is, it would cost the kernel, the server and the page
 * memory and time for nothing anyone can read. A bundle larger than the limit (all its
 * representations together) is replaced by the beginning of its plain text and a note that says
 * how much was left out.
 */
public final class BundleCap {

    /** The default largest bundle, in characters: the same as one cell's printed output. */
    public static final int DEFAULT_MAX_CHARS = CellOutput.DEFAULT_MAX_CELL_CHARS;

    private final int maxChars;

    public BundleCap(int maxChars) {
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /** The bundle itself when it fits, otherwise a plain-text stand-in that does. */
    public MimeBundle apply(MimeBundle bundle) {
        long total = bundle.data().values().stream().mapToLong(String::length).sum();
        if (total <= maxChars) {
            return bundle;
        }
        String text = bundle.data().getOrDefault(MimeBundle.TEXT, "");
        String kept = text.length() > maxChars ? text.substring(0, maxChars) : text;
        return MimeBundle.text(kept + "\n[result cut: it was " + total + " characters, more than the limit of "
                + maxChars + "]");
    }

    public int maxChars() {
        return maxChars;
    }
}
