package dev.course.kernel.magic;

/** A magic could not do what it was asked; the message says why, in one line, and what to do. */
public final class MagicException extends Exception {

    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
