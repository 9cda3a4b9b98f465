package dev.course.server.cli;

import dev.course.server.modelhub.ModelFileException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.net.BindException;
import java.util.List;

/**
 * Turns a user's mistake into one line on stderr and exit code 2, instead of a Java stack trace or a
 * page of usage. It handles both kinds picocli distinguishes:
 * <ul>
 *   <li>what picocli finds while parsing (an unknown option or subcommand, a value that is not a
 *       number, out of its {@link OptionRanges range}, or not one of an enum's choices): the message
 *       and where to read the usage;</li>
 *   <li>what a command finds while running: a {@link UserError} (the one type commands throw for a
 *       mistake in what they were given); an {@link IllegalArgumentException}, which is how the
 *       engine's constructors and parsers reject a value the user typed (a corpus name, a generator
 *       spec); a {@link ModelFileException} (a model that could not be fetched or verified); and a
 *       port that another process took between the check in {@code serve} and the bind.</li>
 * </ul>
 * Anything else is a bug and keeps its stack trace (exit 1), so that it can be reported; with
 * {@code COURSE_DEBUG} set, every error keeps it.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    /** The exit code for a user's mistake, as picocli uses for a bad option. */
    static final int USAGE = 2;

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        if (System.getenv("COURSE_DEBUG") != null) {
            exception.printStackTrace(command.getErr());
        }
        String message = exception.getMessage();
        if (exception instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        String name = command.getCommandSpec().qualifiedName();
        printLine(command, name + ": " + message + " (see '" + name + " --help')");
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine,
                                        CommandLine.ParseResult parseResult) throws Exception {
        String message = explain(exception, portOf(commandLine));
        if (message == null || System.getenv("COURSE_DEBUG") != null) {
            throw exception;
        }
        printLine(commandLine, commandLine.getCommandSpec().qualifiedName() + ": " + message);
        return USAGE;
    }

    /** The one-line explanation of a user's mistake, or null when {@code exception} is not one. */
    static String explain(Throwable exception, Integer port) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof UserError || t instanceof ModelFileException) {
                return t.getMessage();
            }
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Port already in use")) {
                return port == null ? "the port is already in use (" + t.getMessage() + "); choose another with --port"
                        : portInUse(port);
            }
        }
        if (exception instanceof IllegalArgumentException && exception.getMessage() != null) {
            return exception.getMessage();
        }
        return null;
    }

    /** What to say when {@code port} is taken: who holds it, if this machine tells, and which flag to use. */
    static String portInUse(int port) {
        String holder = PortHolder.describe(port)
                .map(process -> "by " + process + "; stop it")
                .orElse("by another process; stop it ('ss -ltnp' shows which)");
        return "port " + port + " is already in use " + holder + ", or choose another port with --port (0 picks a free one)";
    }

    /** The value of the failed command's {@code --port}, if it has one. */
    private static Integer portOf(CommandLine commandLine) {
        OptionSpec option = commandLine.getCommandSpec().findOption("--port");
        return option != null && option.getValue() instanceof Integer port ? port : null;
    }

    private static void printLine(CommandLine command, String line) {
        PrintWriter err = command.getErr();
        err.println(String.join(" ", List.of(line.strip().split("\\R+"))));
        err.flush();
    }
}
