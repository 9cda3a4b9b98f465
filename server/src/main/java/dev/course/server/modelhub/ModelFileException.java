package dev.course.server.modelhub;

/**
 * A model file could not be fetched, found or trusted. The message is one line that says what went
 * wrong and what to do about it ("the hub has no file X ...: check the name"), so that the command
 * line can print it as it is; a file this is thrown for is never used.
 */
public final class ModelFileException extends RuntimeException {

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
