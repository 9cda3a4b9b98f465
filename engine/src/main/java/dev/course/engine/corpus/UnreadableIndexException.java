package dev.course.engine.corpus;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A corpus index is on disk but this version cannot read it: written by a Lucene whose codec is
 * neither current nor among the backward codecs, or damaged. Nothing in it can be saved, and
 * nothing is lost by building it again from the corpus, which is what {@code ./course index} and
 * {@code ./course search} do when they meet one.
 */
public final class UnreadableIndexException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    public UnreadableIndexException(Path directory, Exception cause) {
        super("the index at " + directory + " cannot be read by this version (" + firstLine(cause) + ")", cause);
        this.directory = directory;
    }

    /** The corpus index's folder. */
    public Path directory() {
        return directory;
    }

    private static String firstLine(Exception cause) {
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
