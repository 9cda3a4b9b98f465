package dev.course.engine.generate;

/** A generation that could not run, with a message a learner can act on. */
public final class GenerationException extends RuntimeException {

    public GenerationException(String message) {
        super(message);
    }

    public GenerationException(String message, Throwable cause) {
        super(message, cause);
    }
}
