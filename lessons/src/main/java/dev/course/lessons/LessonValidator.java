package dev.course.lessons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The build step that keeps the course well-formed: it parses every lesson, checks what the
 * parser alone cannot (known tracks, unique order, figures that exist), prints every problem as
 * {@code file:line: message} and fails the build if there is one. When all is well it writes the
 * index of lesson files that {@link CourseLoader#fromClasspath()} reads.
 *
 * <p>Run by Maven in the lessons module: {@code LessonValidator CONTENT_DIR INDEX_FILE}.
 */
public final class LessonValidator {

    private LessonValidator() {
    }

    /** All problems of a content folder; empty when the course is valid. */
    public static List<LessonFormatException> problems(Path root) {
        List<LessonFormatException> problems = new ArrayList<>();
        Map<String, String> files;
        String courseYaml;
        try {
            courseYaml = Files.readString(root.resolve(CourseLoader.COURSE_FILE));
        } catch (IOException e) {
            return List.of(new LessonFormatException(root.resolve(CourseLoader.COURSE_FILE).toString(), 1,
                    "cannot read the course file: " + e.getMessage()));
        }
        files = CourseLoader.lessonFiles(root);
        Course course = CourseLoader.assemble(courseYaml, files, problems::addAll);
        if (course != null) {
            for (Lesson lesson : course.lessons()) {
                checkFigures(root, lesson, files.get(lesson.sourceName()), problems);
            }
        }
        return problems;
    }

    /** Every relative image a lesson uses must exist beside it, or the page shows a broken figure. */
    private static void checkFigures(Path root, Lesson lesson, String text, List<LessonFormatException> problems) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MarkdownImages.IMAGE.matcher(lines[i]);
            while (m.find()) {
                String src = m.group("src");
                if (MarkdownImages.isExternal(src)) {
                    continue;
                }
                Path figure = root.resolve(lesson.folder()).resolve(src).normalize();
                if (!Files.isRegularFile(figure)) {
                    problems.add(new LessonFormatException(lesson.sourceName(), i + 1,
                            "the figure '" + src + "' does not exist (looked for " + root.relativize(figure) + ")"));
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: LessonValidator CONTENT_DIR INDEX_FILE");
        }
        Path root = Path.of(args[0]);
        List<LessonFormatException> problems = problems(root);
        if (!problems.isEmpty()) {
            System.err.println("The course has " + problems.size() + " problem(s):");
            for (LessonFormatException problem : problems) {
                System.err.println("  " + root.resolve(problem.file()) + ":" + problem.line() + ": " + problem.problem());
            }
            throw new IllegalStateException(problems.size() + " lesson problem(s); the first: " + problems.getFirst().getMessage());
        }
        Path index = Path.of(args[1]);
        Files.createDirectories(index.getParent());
        Files.writeString(index, String.join("\n", CourseLoader.lessonFiles(root).keySet()) + "\n");
        System.out.println("Lessons valid: " + CourseLoader.lessonFiles(root).size() + " lesson file(s) indexed in " + index);
    }
}
