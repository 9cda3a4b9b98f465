package dev.course.kernel.io;

/**
 * Thrown by {@code System.in} when a cell reads input that no one can type: the front end said
 * {@code allow_stdin: false} (as {@code jupyter nbconvert --execute} does), or no cell is running.
 *
 * <p>It is unchecked on purpose. {@link java.util.Scanner} swallows {@link java.io.IOException}s
 * and reports only "No line found"; this exception passes through {@code Scanner} and
 * {@code BufferedReader} alike, so the learner sees why the read failed — the counterpart of
 * IPython's {@code StdinNotImplementedError}.
 */
public final class StdinNotAvailableException extends RuntimeException {

    public StdinNotAvailableException(String message) {
        super(message);
    }
}
