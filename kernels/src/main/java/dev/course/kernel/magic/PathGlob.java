package dev.course.kernel.magic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands a path that may hold glob characters — {@code lib/*.jar}, {@code ~/jars/**.jar},
 * {@code build/classes} — into the files and folders it names, sorted. {@code ~} at the start is the
 * home folder; a relative path is relative to the given folder. The search is bounded: it looks
 * {@link #MAX_DEPTH} folders deep and at {@link #MAX_VISITED} paths at most.
 */
final class PathGlob {

    static final int MAX_DEPTH = 16;
    static final int MAX_VISITED = 100_000;

    private PathGlob() {
    }

    static List<Path> expand(String pattern, Path base) throws MagicException {
        String expanded = pattern.equals("~") || pattern.startsWith("~/")
                ? System.getProperty("user.home") + pattern.substring(1)
                : pattern;
        if (!hasGlob(expanded)) {
            Path path = base.resolve(expanded).normalize();
            return Files.exists(path) ? List.of(path) : List.of();
        }
        String[] segments = expanded.split("/", -1);
        int firstGlob = 0;
        while (!hasGlob(segments[firstGlob])) {
            firstGlob++;
        }
        String fixed = String.join("/", java.util.Arrays.copyOfRange(segments, 0, firstGlob));
        String rest = String.join("/", java.util.Arrays.copyOfRange(segments, firstGlob, segments.length));
        Path root = base.resolve(fixed.isEmpty() && expanded.startsWith("/") ? "/" : fixed).normalize();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? MAX_DEPTH : segments.length - firstGlob;
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.limit(MAX_VISITED)
                    .filter(path -> !path.equals(root) && matcher.matches(root.relativize(path)))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new MagicException("could not list " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasGlob(String text) {
        return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}
