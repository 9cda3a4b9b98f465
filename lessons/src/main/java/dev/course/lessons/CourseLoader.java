package dev.course.lessons;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the course: {@code course.yaml} (the tracks) and every lesson file beside it.
 *
 * <p>Two sources, one format. In the packaged application the content sits on the class path under
 * {@value #CLASSPATH_ROOT}, with an {@code index.txt} that the build writes (a jar cannot be listed
 * reliably). While writing lessons, {@link #fromDirectory(Path)} reads a folder directly.
 */
public final class CourseLoader {

    /** Where the build puts the lesson content on the class path. */
    public static final String CLASSPATH_ROOT = "course/";
    /** The course description: title and tracks. */
    public static final String COURSE_FILE = "course.yaml";
    /** The list of lesson files written by the build, one relative path per line. */
    public static final String INDEX_FILE = "index.txt";

    private static final Pattern ORDER_PREFIX = Pattern.compile("(\\d+)-");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The shape of course.yaml. */
    record CourseFile(String title, List<TrackEntry> tracks) {
    }

    record TrackEntry(String id, String title, String summary) {
    }

    private CourseLoader() {
    }

    /** Loads the course packaged on the class path; fails with the first problem found. */
    public static Course fromClasspath() {
        String index = readResource(CLASSPATH_ROOT + INDEX_FILE);
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : index.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            files.put(name, readResource(CLASSPATH_ROOT + name));
        }
        return assemble(readResource(CLASSPATH_ROOT + COURSE_FILE), files, problems -> {
            throw problems.getFirst();
        });
    }

    /** Loads the course from a content folder; fails with the first problem found. */
    public static Course fromDirectory(Path root) {
        return assemble(read(root.resolve(COURSE_FILE)), lessonFiles(root), problems -> {
            throw problems.getFirst();
        });
    }

    /** The lesson files under a content folder, relative with forward slashes, sorted. */
    public static Map<String, String> lessonFiles(Path root) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("README.md"))
                    .sorted().toList()) {
                files.put(root.relativize(path).toString().replace('\\', '/'), read(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list lessons under " + root, e);
        }
        return files;
    }

    /**
     * Whether a lesson's file name disagrees with its front matter: the folder must be the track and an
     * order prefix ({@code 03-}) must be the order. Whatever reads the lesson files without parsing them
     * (the engine's {@code LessonsCorpus}: search, RAG and training) takes the track from the folder, so
     * a disagreement would give links to a page that does not exist. Null when they agree.
     */
    static LessonFormatException misplaced(String sourceName, String text, LessonMeta meta) {
        int slash = sourceName.lastIndexOf('/');
        String folder = slash < 0 ? "" : sourceName.substring(0, slash);
        if (!folder.equals(meta.track())) {
            return new LessonFormatException(sourceName, lineOf(text, "track:"), "the lesson is in the folder '" + folder
                    + "' but its front matter says track: " + meta.track() + "; move the file into " + meta.track()
                    + "/ or make the two agree");
        }
        Matcher prefix = ORDER_PREFIX.matcher(sourceName.substring(slash + 1));
        if (prefix.lookingAt() && Integer.parseInt(prefix.group(1)) != meta.order()) {
            return new LessonFormatException(sourceName, lineOf(text, "order:"), "the file name starts with "
                    + prefix.group(1) + "- but its front matter says order: " + meta.order() + "; rename the file or make the two agree");
        }
        return null;
    }

    private static int lineOf(String text, String key) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(key)) {
                return i + 1;
            }
        }
        return 1;
    }

    /** What to do with the problems found while assembling (throw the first, or report them all). */
    @FunctionalInterface
    interface ProblemHandler {
        void handle(List<LessonFormatException> problems);
    }

    /**
     * Parses every lesson and places it in its track, collecting every problem instead of stopping at
     * the first, so that an author sees all mistakes of a build at once.
     */
    static Course assemble(String courseYaml, Map<String, String> files, ProblemHandler onProblems) {
        List<LessonFormatException> problems = new ArrayList<>();
        CourseFile courseFile;
        try {
            courseFile = YAML.readValue(courseYaml, CourseFile.class);
        } catch (IOException e) {
            problems.add(new LessonFormatException(COURSE_FILE, 1, "not a valid course file: " + e.getMessage().lines().findFirst().orElse("")));
            onProblems.handle(problems);
            return null;
        }
        if (courseFile.tracks() == null || courseFile.tracks().isEmpty()) {
            problems.add(new LessonFormatException(COURSE_FILE, 1, "the course needs at least one track under 'tracks:'"));
            onProblems.handle(problems);
            return null;
        }
        Map<String, List<Lesson>> byTrack = new LinkedHashMap<>();
        courseFile.tracks().forEach(track -> byTrack.put(track.id(), new ArrayList<>()));
        for (var file : files.entrySet()) {
            try {
                Lesson lesson = LessonParser.parse(file.getKey(), file.getValue());
                List<Lesson> track = byTrack.get(lesson.meta().track());
                if (track == null) {
                    problems.add(new LessonFormatException(file.getKey(), 1, "unknown track '" + lesson.meta().track()
                            + "'; the tracks in course.yaml are " + byTrack.keySet()));
                    continue;
                }
                LessonFormatException misplaced = misplaced(file.getKey(), file.getValue(), lesson.meta());
                if (misplaced != null) {
                    problems.add(misplaced);
                    continue;
                }
                track.stream().filter(other -> other.meta().order() == lesson.meta().order()).findFirst()
                        .ifPresent(other -> problems.add(new LessonFormatException(file.getKey(), 1,
                                "order " + lesson.meta().order() + " is already taken by " + other.sourceName())));
                track.stream().filter(other -> other.slug().equals(lesson.slug())).findFirst()
                        .ifPresent(other -> problems.add(new LessonFormatException(file.getKey(), 1,
                                "the lesson name '" + lesson.slug() + "' is already used by " + other.sourceName())));
                track.add(lesson);
            } catch (LessonFormatException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            onProblems.handle(problems);
        }
        List<Track> tracks = courseFile.tracks().stream().map(entry -> new Track(entry.id(), entry.title(), entry.summary(),
                TrackImports.apply(byTrack.get(entry.id()).stream().sorted(Comparator.comparingInt(l -> l.meta().order())).toList()))).toList();
        return new Course(courseFile.title(), tracks);
    }

    private static String readResource(String name) {
        try (InputStream in = CourseLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the course content '" + name + "' is missing from the class path; "
                        + "rebuild the application (./mvnw install) so the lessons module packages it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
