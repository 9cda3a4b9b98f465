package dev.course.kernel.jshell;

import dev.course.kernel.jshell.CellOutcome.Failed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;

/**
 * Turns JShell's failures into error reports a learner can act on: which line of the cell, what the
 * compiler or the exception said, and the stack frames in terms of cells and lines rather than
 * JShell's synthetic wrapper classes.
 */
final class ErrorReports {

    /** {@code ename} of a cell that did not compile. */
    static final String COMPILE_ERROR = "CompileError";

    /** {@code ename} of a cell stopped by an interrupt request. */
    static final String INTERRUPTED = "Interrupted";

    /** {@code ename} of a call to something whose dependencies are not declared yet. */
    static final String UNRESOLVED_REFERENCE = "UnresolvedReference";

    /** Most stack frames listed per exception; deeper ones are summarised. */
    static final int MAX_FRAMES = 40;

    /** Library frames kept where an exception came from, before a long run of them is summarised. */
    static final int LIBRARY_FRAMES_KEPT = 3;

    /** javac's "location: class" line names the invisible wrapper class; it only confuses. */
    private static final Pattern WRAPPER_LOCATION = Pattern.compile("\\s*location: class\\s*(REPL\\..*)?");

    private ErrorReports() {
    }

    /** The report of a snippet the compiler rejected, one entry per compiler error. */
    static Failed compileError(String cell, CellSplitter.Piece piece, List<Diag> diagnostics) {
        List<Diag> errors = diagnostics.stream().filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            int line = lineOf(cell, piece.offset());
            String message = "line " + line + ": this snippet was not accepted";
            return new Failed(COMPILE_ERROR, message, List.of(message));
        }
        List<String> traceback = new ArrayList<>();
        String evalue = null;
        for (Diag error : errors) {
            int start = piece.offset() + Math.max(0, (int) error.getStartPosition());
            int end = piece.offset() + Math.max(0, (int) error.getEndPosition());
            int line = lineOf(cell, start);
            List<String> messageLines = clean(error.getMessage(Locale.ROOT)).lines()
                    .filter(text -> !WRAPPER_LOCATION.matcher(text).matches())
                    .toList();
            String headline = "line " + line + ": " + (messageLines.isEmpty() ? "error" : messageLines.getFirst());
            if (evalue == null) {
                evalue = headline;
            }
            traceback.add(headline);
            messageLines.stream().skip(1).forEach(text -> traceback.add("  " + text.strip()));
            traceback.addAll(excerpt(cell, line, start, end));
        }
        return new Failed(COMPILE_ERROR, evalue, traceback);
    }

    /**
     * The report of a call to a method (or use of a class) that JShell accepted with a missing
     * dependency, such as a method calling one not yet written.
     */
    static Failed unresolvedReference(int line, String name, List<String> missing) {
        String message = "line " + line + ": " + name + " cannot be used until "
                + (missing.isEmpty() ? "what it refers to is" : String.join(", ", missing) + (missing.size() == 1 ? " is" : " are"))
                + " declared";
        return new Failed(UNRESOLVED_REFERENCE, message, List.of(message));
    }

    /** The report of an exception a snippet threw. */
    static Failed runtimeError(EvalException exception, Map<String, SnippetOrigin> origins, int executionCount) {
        List<String> traceback = new ArrayList<>();
        Throwable current = exception;
        String prefix = "";
        while (current != null) {
            traceback.add(prefix + describe(current));
            List<String> frames = frames(current.getStackTrace(), origins, executionCount);
            traceback.addAll(frames);
            current = current.getCause();
            prefix = "Caused by: ";
        }
        return new Failed(className(exception), message(exception), traceback);
    }

    /** The report of a cell stopped by an interrupt. */
    static Failed interrupted() {
        return new Failed(INTERRUPTED, "the cell was interrupted",
                List.of("Interrupted: the cell was stopped on request before it finished."));
    }

    /** The line (from 1) of a position in the cell. */
    static int lineOf(String cell, int index) {
        int line = 1;
        int limit = Math.min(index, cell.length());
        for (int i = 0; i < limit; i++) {
            if (cell.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Text with JShell's wrapper class names removed. */
    static String clean(String text) {
        return ReplNames.clean(text);
    }

    /** The offending line with carets under the offending part, like javac prints it. */
    private static List<String> excerpt(String cell, int line, int start, int end) {
        List<String> lines = cell.lines().toList();
        if (line > lines.size()) {
            return List.of();
        }
        String text = lines.get(line - 1);
        int lineStart = 0;
        for (int i = 1; i < line; i++) {
            lineStart = cell.indexOf('\n', lineStart) + 1;
        }
        int column = Math.clamp(start - lineStart, 0, text.length());
        int width = Math.clamp(end - start, 1, Math.max(1, text.length() - column));
        String gutter = String.valueOf(line);
        return List.of(
                "  " + gutter + " | " + text,
                "  " + " ".repeat(gutter.length()) + " | " + " ".repeat(column) + "^".repeat(width));
    }

    /**
     * The frames, trimmed to what a learner reads: frames in cells, and around them the library
     * frames nearest to each — the {@link #LIBRARY_FRAMES_KEPT} where the exception came from and the
     * one a cell called. A longer run of library frames between them (a stream pipeline, a
     * framework) becomes one line saying how many were left out.
     */
    private static List<String> frames(StackTraceElement[] stack, Map<String, SnippetOrigin> origins, int executionCount) {
        List<String> frames = new ArrayList<>();
        int shown = 0;
        int i = 0;
        while (i < stack.length && shown < MAX_FRAMES) {
            if (isCellFrame(stack[i])) {
                frames.add("    at " + frame(stack[i], origins, executionCount));
                shown++;
                i++;
                continue;
            }
            int end = i;
            while (end < stack.length && !isCellFrame(stack[end])) {
                end++;
            }
            boolean calledFromCell = end < stack.length;
            int run = end - i;
            if (calledFromCell && run > LIBRARY_FRAMES_KEPT + 2) {
                for (int k = i; k < i + LIBRARY_FRAMES_KEPT; k++) {
                    frames.add("    at " + frame(stack[k], origins, executionCount));
                }
                frames.add("    ... " + (run - LIBRARY_FRAMES_KEPT - 1) + " library frames");
                frames.add("    at " + frame(stack[end - 1], origins, executionCount));
                shown += LIBRARY_FRAMES_KEPT + 1;
                i = end;
            } else {
                while (i < end && shown < MAX_FRAMES) {
                    frames.add("    at " + frame(stack[i], origins, executionCount));
                    shown++;
                    i++;
                }
            }
        }
        if (i < stack.length) {
            frames.add("    ... " + (stack.length - i) + " more");
        }
        return frames;
    }

    /** JShell names the source of cell code {@code #id}, the snippet's id. */
    private static boolean isCellFrame(StackTraceElement element) {
        String file = element.getFileName();
        return file != null && file.startsWith("#");
    }

    /**
     * One frame. JShell reports frames of cell code with the file name {@code #id} (the snippet) and
     * the line within that snippet; those become cell lines. Frames of library code stay as they are.
     */
    private static String frame(StackTraceElement element, Map<String, SnippetOrigin> origins, int executionCount) {
        if (!isCellFrame(element)) {
            return clean(element.toString());
        }
        String file = element.getFileName();
        String className = clean(element.getClassName());
        String method = element.getMethodName();
        String where = className.isEmpty() ? method : className + "." + method;
        SnippetOrigin origin = origins.get(file.substring(1));
        String location;
        if (origin == null) {
            location = "snippet " + file + ", line " + element.getLineNumber();
        } else {
            int line = origin.firstLine() + element.getLineNumber() - 1;
            location = origin.executionCount() == executionCount
                    ? "line " + line
                    : "cell [" + origin.executionCount() + "], line " + line;
        }
        return where.isEmpty() ? location : where + " (" + location + ")";
    }

    private static String describe(Throwable throwable) {
        String message = message(throwable);
        return message.isEmpty() ? className(throwable) : className(throwable) + ": " + message;
    }

    private static String className(Throwable throwable) {
        return throwable instanceof EvalException eval ? clean(eval.getExceptionClassName()) : throwable.getClass().getName();
    }

    private static String message(Throwable throwable) {
        return clean(throwable.getMessage());
    }
}
