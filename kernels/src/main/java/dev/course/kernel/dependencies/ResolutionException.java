package dev.course.kernel.dependencies;

/** Dependencies could not be resolved; the message says which and why, in one line, and what to do. */
public final class ResolutionException extends Exception {

    public ResolutionException(String message) {
        super(message);
    }
}
