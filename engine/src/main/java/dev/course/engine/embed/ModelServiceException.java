package dev.course.engine.embed;

/**
 * A model service could not compute an encoder's output: it refused the request (too large, an
 * unknown model), is not running, did not answer in time, or the caller was interrupted while
 * waiting. The message says which, and what to do.
 */
public final class ModelServiceException extends RuntimeException {

    public ModelServiceException(String message) {
        super(message);
    }

    public ModelServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
