package dev.course.lessons;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the course comes from: the packaged class path (what learners run) or a folder of lesson
 * files (what authors run, re-read on every request so an edit shows on reload).
 */
public sealed interface CourseContent permits CourseContent.Packaged, CourseContent.Folder {

    /** The course as it is now. */
    Course course();

    /**
     * A file beside the lessons (a figure) by its path relative to the content root, or null if
     * there is none. Paths that climb out of the content root are refused.
     */
    byte[] file(String relativePath);

    static CourseContent packaged() {
        return new Packaged(CourseLoader.fromClasspath());
    }

    static CourseContent folder(Path root) {
        return new Folder(root.toAbsolutePath().normalize());
    }

    /** Lessons packaged on the class path: parsed once. */
    record Packaged(Course course) implements CourseContent {
        @Override
        public byte[] file(String relativePath) {
            if (!isSafe(relativePath)) {
                return null;
            }
            try (InputStream in = CourseContent.class.getClassLoader()
                    .getResourceAsStream(CourseLoader.CLASSPATH_ROOT + relativePath)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Lessons in a folder: parsed on every call, so authors see edits on reload. */
    record Folder(Path root) implements CourseContent {
        @Override
        public Course course() {
            return CourseLoader.fromDirectory(root);
        }

        @Override
        public byte[] file(String relativePath) {
            if (!isSafe(relativePath)) {
                return null;
            }
            Path file = root.resolve(relativePath).normalize();
            try {
                return file.startsWith(root) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean isSafe(String relativePath) {
        return relativePath != null && !relativePath.startsWith("/") && !relativePath.contains("..")
                && !relativePath.contains("\\");
    }
}
