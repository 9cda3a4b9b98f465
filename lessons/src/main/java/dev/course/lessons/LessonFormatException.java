package dev.course.lessons;

/**
 * A lesson file that does not follow the lesson format. The message always starts with
 * {@code file:line:} so editors and build logs can jump to the place, then says what is wrong and
 * how to fix it.
 */
public class LessonFormatException extends RuntimeException {

    private final String file;
    private final int line;
    private final String problem;

    public LessonFormatException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
