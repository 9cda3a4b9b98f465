package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The course's own lessons, one document per section ({@link MarkdownSections}), read from the class
 * path where the application packages them ({@code course/index.txt} lists the files,
 * {@code course/TRACK/NN-slug.md}) or from a content folder such as {@code lessons/content}. Reading
 * files by name keeps the engine free of a dependency on the lessons module. Ids are
 * {@code track/slug#anchor}, sources the section's URL in the course, {@code /learn/track/slug#anchor},
 * with the page's own anchor.
 *
 * <p>Two views: {@link #documents()} (prose and visible code: what the search commands and the course
 * search index) and {@link #passages()} (prose alone, without each lesson's closing list of sources:
 * what RAG quotes from). The same lessons give the same files to {@code ./course train} ({@link #files()}).
 */
public final class LessonsCorpus implements CorpusSource {

    static final String INDEX = "course/index.txt";
    /**
     * The heading of the list of papers that ends every lesson. A bibliography names where an idea comes
     * from but explains nothing, so quoting it as an answer would mislead: it is not a passage.
     */
    public static final String SOURCES_HEADING = "Sources";
    /**
     * The heading of the recap that closes most lessons: one line per idea, each without its reason,
     * which the section it sums up gives. A passage all the same (a search may land there), but an
     * answerer should prefer the section that explains.
     */
    public static final String RECAP_HEADING = "What you have now";

    /** One lesson file: {@code name} is {@code track/NN-slug.md}, relative to the content root. */
    public record LessonFile(String name, String markdown) {

        public LessonFile {
            if (!name.matches("[^/]+/[^/]+\\.md")) {
                throw new IllegalArgumentException("a lesson file is named track/NN-slug.md, not " + name);
            }
        }

        /** The track: the lesson's folder. */
        public String track() {
            return name.substring(0, name.indexOf('/'));
        }

        /** The URL name: the file name without its order prefix and extension. */
        public String slug() {
            return name.substring(name.indexOf('/') + 1).replaceFirst("\\.md$", "").replaceFirst("^\\d+-", "");
        }

        /** {@code track/slug}, as in the lesson's URL {@code /learn/track/slug}. */
        public String path() {
            return track() + "/" + slug();
        }

        /** The lesson's sections. */
        public MarkdownSections.Page page() {
            return MarkdownSections.read(markdown);
        }

        /** The sections as documents ({@code proseOnly}: the RAG view, without the list of sources). */
        public List<Document> documents(boolean proseOnly) {
            List<Document> documents = page().documents(path(), slug(), "/learn/" + path(), proseOnly);
            return proseOnly ? documents.stream().filter(d -> !d.title().endsWith(" › " + SOURCES_HEADING)).toList()
                    : documents;
        }
    }

    private final Path folder;

    private LessonsCorpus(Path folder) {
        this.folder = folder;
    }

    /** The lessons packaged on the class path (in the course application and its kernels). */
    public static LessonsCorpus packaged() {
        return new LessonsCorpus(null);
    }

    /** The lessons under a content folder ({@code track/NN-slug.md} files), as authors have them. */
    public static LessonsCorpus inFolder(Path contentDir) {
        return new LessonsCorpus(contentDir.toAbsolutePath().normalize());
    }

    /**
     * The lessons from wherever they can be found: packaged on the class path when the course runs,
     * else {@code lessons/content} (or {@code ../lessons/content}) of a checkout.
     */
    public static LessonsCorpus find() {
        if (available()) {
            return packaged();
        }
        for (Path dir : List.of(Path.of("lessons/content"), Path.of("../lessons/content"))) {
            if (Files.isDirectory(dir)) {
                return inFolder(dir);
            }
        }
        throw new IllegalStateException("the lessons are neither on the class path (" + INDEX
                + ") nor in lessons/content: run from the course application (./course) or a checkout");
    }

    /** True when the packaged lessons are on the class path. */
    public static boolean available() {
        return LessonsCorpus.class.getClassLoader().getResource(INDEX) != null;
    }

    @Override
    public String name() {
        return "lessons";
    }

    /** The lesson files in course order (track folder, then order prefix). */
    public List<LessonFile> files() {
        return folder == null ? packagedFiles() : folderFiles();
    }

    /** Every section with its prose and visible code: what search indexes. */
    @Override
    public List<Document> documents(Progress progress) {
        return documents(progress, false);
    }

    /** Every section's prose, without the lists of sources: what RAG retrieves and quotes. */
    public List<Document> passages() {
        return documents(Progress.NONE, true);
    }

    private List<Document> documents(Progress progress, boolean proseOnly) {
        List<LessonFile> files = files();
        var documents = new ArrayList<Document>();
        for (int i = 0; i < files.size(); i++) {
            documents.addAll(files.get(i).documents(proseOnly));
            progress.update("reading lessons", i + 1, files.size());
        }
        return documents;
    }

    private static List<LessonFile> packagedFiles() {
        String index = resource(INDEX);
        if (index == null) {
            throw new IllegalStateException("the lessons are not on the class path (" + INDEX + " is missing): run from"
                    + " the course application (./course), or read the lesson folder instead: --corpus lessons/content");
        }
        var files = new ArrayList<LessonFile>();
        for (String name : index.lines().map(String::strip).filter(s -> s.endsWith(".md")).toList()) {
            String markdown = resource("course/" + name);
            if (markdown != null) {
                files.add(new LessonFile(name, markdown));
            }
        }
        return files;
    }

    private List<LessonFile> folderFiles() {
        try (Stream<Path> walk = Files.walk(folder, 2)) {
            var files = new ArrayList<LessonFile>();
            for (Path file : walk.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String name = folder.relativize(file).toString().replace('\\', '/');
                if (name.contains("/")) {
                    files.add(new LessonFile(name, Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lessons in " + folder, e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = LessonsCorpus.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
