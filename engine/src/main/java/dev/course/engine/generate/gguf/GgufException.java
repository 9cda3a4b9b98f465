package dev.course.engine.generate.gguf;

/** A GGUF file that cannot be read or used, with a message that says why in plain words. */
public final class GgufException extends RuntimeException {

    public GgufException(String message) {
        super(message);
    }

    public GgufException(String message, Throwable cause) {
        super(message, cause);
    }
}
