package dev.course.server.cli;

import dev.course.server.modelhub.ModelFileException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.BindException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a user's mistake into one line and exit code 2, instead of a Java stack trace.
 *
 * <p>A command reports a mistake in what it was given by throwing {@link IllegalArgumentException}
 * with a message that says what to do ("--k must be at least 1"). picocli already answers an unknown
 * option or a malformed value with a message and the usage; this handler covers what the commands
 * themselves find, plus the two mistakes that only show up deep in the web server: a port out of
 * range, and a port another process already holds; and a {@link ModelFileException} (a model that could
 * not be fetched or verified) is one line already. Anything else is a bug and keeps its stack trace
 * (exit 1), so that it can be reported; with {@code COURSE_DEBUG} set, every error keeps it.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {

    /** The exit code for a user's mistake, as picocli uses for a bad option. */
    static final int USAGE = 2;

    private static final Pattern PORT_OUT_OF_RANGE = Pattern.compile("port out of range:\\s*(-?\\d+)");

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine,
                                        CommandLine.ParseResult parseResult) throws Exception {
        String message = explain(exception);
        if (message == null || System.getenv("COURSE_DEBUG") != null) {
            throw exception;
        }
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + message);
        err.flush();
        return USAGE;
    }

    /** The one-line explanation of a user's mistake, or null when {@code exception} is not one. */
    static String explain(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof ModelFileException) {
                return t.getMessage();
            }
            if (t instanceof BindException) {
                return "the port is already in use (" + t.getMessage() + "). Stop the process that holds it"
                        + " ('ss -ltnp' shows which) or choose another port with --port.";
            }
            String text = t.getMessage() == null ? "" : t.getMessage();
            Matcher port = PORT_OUT_OF_RANGE.matcher(text);
            if (port.find()) {
                return "--port " + port.group(1) + " is not a TCP port: choose one from 1 to 65535 (0 picks a free one).";
            }
            if (text.contains("Port already in use")) {
                return "the port is already in use. Stop the process that holds it ('ss -ltnp' shows which)"
                        + " or choose another port with --port.";
            }
        }
        if (exception instanceof IllegalArgumentException && exception.getMessage() != null) {
            return exception.getMessage();
        }
        return null;
    }
}
