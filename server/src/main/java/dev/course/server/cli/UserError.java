package dev.course.server.cli;

/**
 * A mistake in what the user gave a command: a value out of range, a flag that needs another, a
 * file that is not there. {@link UserErrors} prints its message as one line and exits with code 2;
 * anything else that escapes a command is a bug and keeps its stack trace.
 *
 * <p>The message says what was wrong and what to do instead, e.g. "--gateway-isolated needs
 * --gateway URL"; the command's name is added in front when it is printed.
 */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message, null, false, false);
    }
}
