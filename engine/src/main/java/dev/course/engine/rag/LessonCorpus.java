package dev.course.engine.rag;

import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.MarkdownSections;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The course's own lessons as searchable documents: one per section (a lesson's opening, then one per
 * {@code ##} heading), with id {@code track/slug#section-slug} and title "Lesson › Section".
 *
 * <p>Only prose is kept, as plain text: code cells, exercise checks and solutions, concept checks, figure links and
 * Markdown markup are dropped, so that a sentence quoted from a passage reads as a sentence; so is each
 * lesson's closing list of sources. The
 * lesson's one-line summary opens its first section, labelled {@value #SUMMARY_LABEL}, and an exercise's
 * prompt is labelled {@value #EXERCISE_LABEL}: both help a search find the section, but neither is an
 * answer to quote, and the labels let {@link ExtractiveAnswerer} tell them apart from the lesson's prose. The
 * Markdown comes from the class path ({@code course/index.txt}, where the lessons module packages it)
 * or from a folder such as {@code lessons/content}.
 */
public final class LessonCorpus {

    /** Opens the line that holds a lesson's front-matter summary. */
    public static final String SUMMARY_LABEL = "Summary: ";
    /** Opens each paragraph of an exercise's prompt. */
    public static final String EXERCISE_LABEL = "Exercise: ";
    /**
     * The heading of the recap that closes most lessons: one line per idea, each without its reason,
     * which the section it sums up gives. Kept in the corpus (a search may land there), but an answerer
     * should prefer the section that explains.
     */
    public static final String RECAP_HEADING = "What you have now";

    private static final Pattern FRONT_MATTER = Pattern.compile("\\A---\\n(.*?)\\n---\\n", Pattern.DOTALL);
    private static final Pattern IMAGE = Pattern.compile("!\\[(?:[^\\[\\]]|\\[[^\\]]*])*]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^]]+)]\\([^)]*\\)");
    /**
     * The heading of the list of papers that ends every lesson. A bibliography names where an idea comes
     * from but explains nothing, so quoting it as an answer would mislead: it is left out of the corpus.
     */
    static final String SOURCES = "Sources";

    private LessonCorpus() {
    }

    /** The lessons packaged on the class path, or an exception saying how to get them. */
    public static List<Document> fromClassPath() {
        String index = resource("course/index.txt");
        if (index == null) {
            throw new IllegalStateException("the lessons are not on the class path (course/index.txt is missing); "
                    + "use LessonCorpus.fromFolder(Path.of(\"lessons/content\")) instead");
        }
        var documents = new ArrayList<Document>();
        for (String name : index.lines().map(String::strip).filter(s -> s.endsWith(".md")).toList()) {
            String markdown = resource("course/" + name);
            if (markdown != null) {
                documents.addAll(sections(name, markdown));
            }
        }
        return documents;
    }

    /** Whether the packaged lessons are on the class path. */
    public static boolean onClassPath() {
        return LessonCorpus.class.getClassLoader().getResource("course/index.txt") != null;
    }

    /** The lessons under {@code contentDir} ({@code track/NN-slug.md} files). */
    public static List<Document> fromFolder(Path contentDir) {
        try (Stream<Path> files = Files.walk(contentDir)) {
            var documents = new ArrayList<Document>();
            for (Path file : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String name = contentDir.relativize(file).toString().replace('\\', '/');
                if (name.contains("/")) {
                    documents.addAll(sections(name, Files.readString(file)));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sections of one lesson file, {@code name} being {@code track/NN-slug.md}. */
    public static List<Document> sections(String name, String markdown) {
        String track = name.substring(0, name.indexOf('/'));
        String slug = name.substring(name.indexOf('/') + 1).replaceFirst("\\.md$", "").replaceFirst("^\\d+-", "");
        String body = markdown.replace("\r\n", "\n");
        String title = slug;
        String summary = "";
        var front = FRONT_MATTER.matcher(body);
        if (front.find()) {
            for (String line : front.group(1).lines().toList()) {
                if (line.startsWith("title:")) title = line.substring(6).strip();
                if (line.startsWith("summary:")) summary = line.substring(8).strip();
            }
            body = body.substring(front.end());
        }
        var sections = new ArrayList<Document>();
        String heading = "";
        var text = new StringBuilder(summary.isEmpty() ? "" : SUMMARY_LABEL + summary + "\n");
        boolean inFence = false;
        boolean inExercise = false;
        boolean inCheck = false;
        var paragraph = new StringBuilder();
        String previous = "";
        for (String line : body.lines().toList()) {
            String stripped = line.strip();
            if (stripped.startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) continue;
            if (inCheck || stripped.startsWith("::: check")) {
                inCheck = !stripped.equals(":::");     // concept checks: questions and their answers, not prose
                continue;
            }
            if (stripped.startsWith("::: exercise")) {
                paragraph = flush(text, paragraph, inExercise);
                inExercise = true;
                continue;
            }
            if (stripped.equals(":::")) {
                paragraph = flush(text, paragraph, inExercise);
                inExercise = false;
                continue;
            }
            if (stripped.startsWith("## ") || stripped.startsWith("### ")) {
                paragraph = flush(text, paragraph, inExercise);
                add(sections, track, slug, title, heading, text.toString());
                heading = stripped.replaceFirst("^#+\\s*", "");
                text.setLength(0);
                continue;
            }
            boolean quoteContinues = stripped.startsWith(">") && previous.startsWith(">")
                    && !stripped.matches(">\\s*(\\[!\\w+])?\\s*") && !stripped.matches(">\\s*([-*+]|\\d+\\.)\\s.*");
            if (stripped.isEmpty() || stripped.matches(">\\s*") || (startsBlock(stripped) && !quoteContinues)) {
                paragraph = flush(text, paragraph, inExercise);
            }
            previous = stripped;
            String prose = plain(line).strip();
            if (!prose.isEmpty()) {
                paragraph.append(paragraph.isEmpty() ? "" : " ").append(prose);
            }
            if (stripped.startsWith("|")) {
                paragraph = flush(text, paragraph, inExercise);     // table rows stay one per line
            }
        }
        flush(text, paragraph, inExercise);
        add(sections, track, slug, title, heading, text.toString());
        return sections;
    }

    /** Lines that start a new block even without a blank line before them: list items, table rows, callouts. */
    private static boolean startsBlock(String line) {
        return line.matches("^([-*+]|\\d+\\.)\\s.*") || line.startsWith("|") || line.startsWith(">") || line.startsWith("$$");
    }

    /** Ends a paragraph: one line of text (Markdown wraps paragraphs over several lines; sentences should not be). */
    private static StringBuilder flush(StringBuilder text, StringBuilder paragraph, boolean inExercise) {
        if (!paragraph.isEmpty()) {
            text.append(inExercise ? EXERCISE_LABEL : "").append(paragraph).append('\n');
        }
        return new StringBuilder();
    }

    private static void add(List<Document> sections, String track, String slug, String lessonTitle, String heading,
                            String text) {
        String clean = text.replaceAll("(?m)^[ \\t]+", "").replaceAll("\\n{2,}", "\n\n").strip();
        if (clean.isEmpty() || heading.equals(SOURCES)) return;
        String anchor = heading.isEmpty() ? "" : MarkdownSections.slug(heading);   // the page's own anchor rule
        String title = heading.isEmpty() ? lessonTitle : lessonTitle + " › " + heading;
        String path = track + "/" + slug;
        sections.add(new Document(path + "#" + anchor, title, clean, "/learn/" + path + (anchor.isEmpty() ? "" : "#" + anchor)));
    }

    /** One line of Markdown prose as plain text. */
    static String plain(String line) {
        String s = line.replaceFirst("^\\s*>\\s?(\\[!\\w+]\\s*)?", "")      // callouts and quotes
                .replaceFirst("^\\s*[-*+]\\s+", "")                          // list bullets
                .replaceFirst("^\\s*\\|?\\s*-{3,}.*$", "");                   // table rules
        s = IMAGE.matcher(s).replaceAll("");
        s = LINK.matcher(s).replaceAll("$1");
        return s.replace("**", "").replace("`", "").replaceAll("(?<![\\w*])\\*(?!\\s)([^*]+)\\*", "$1");
    }

    private static String resource(String name) {
        try (InputStream in = LessonCorpus.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
