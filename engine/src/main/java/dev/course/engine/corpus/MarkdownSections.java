package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a Markdown page (a lesson, or a note in a folder) into sections, the text under a heading up
 * to the next one, so that a hit points at the right part of a long page. It is the one place that
 * reads Markdown for search, RAG and the course search, and it names each section with the page's
 * own anchor ({@link HeadingAnchors}).
 *
 * <p>Each section has two views of its text:
 * <ul>
 *   <li>{@link Section#prose()}: the prose a reader reads, one line per paragraph (Markdown wraps a
 *       paragraph over several lines; a quoted sentence should not be), markup, figures and code
 *       dropped. RAG quotes from it.</li>
 *   <li>{@link Section#text()}: the same prose with the visible code in its place, so that a search
 *       for {@code normalise(} finds the cell.</li>
 * </ul>
 * Both leave out what the page hides or what would spoil a question: fences marked {@code solution},
 * {@code check}, {@code setup} or {@code expect}, and concept checks ({@code ::: check} … {@code :::})
 * whole. The front matter's {@code summary} opens the first section, labelled {@value #SUMMARY_LABEL},
 * and an exercise's prompt is labelled {@value #EXERCISE_LABEL}: both help a search find the section,
 * but neither is an answer to quote, and the labels let an answerer tell them apart from the prose.
 */
public final class MarkdownSections {

    /** Opens the line that holds a page's front-matter summary. */
    public static final String SUMMARY_LABEL = "Summary: ";
    /** Opens each paragraph of an exercise's prompt. */
    public static final String EXERCISE_LABEL = "Exercise: ";

    private static final Pattern FRONT_MATTER = Pattern.compile("\\A---\\n(.*?)\\n---\\n", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("^(#{1,4})\\s+(.+?)(?:\\s+#+)?\\s*$");
    private static final Pattern IMAGE = Pattern.compile("!\\[(?:[^\\[\\]]|\\[[^\\]]*])*]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^]]+)]\\([^)]*\\)");
    private static final Set<String> HIDDEN_FENCES = Set.of("solution", "check", "setup", "expect");

    /**
     * One section.
     *
     * @param heading the heading as a reader sees it; empty for the text before the first heading
     * @param anchor  the heading's id on the page; empty for the opening
     * @param prose   the prose alone, as plain text
     * @param text    the prose with the visible code in its place
     */
    public record Section(String heading, String anchor, String prose, String text) {
    }

    /**
     * A page cut into sections.
     *
     * @param title    the front matter's {@code title}, else the page's level-1 heading, else null
     * @param sections the sections in page order, including those whose text is empty (their anchors
     *                 are on the page all the same)
     */
    public record Page(String title, List<Section> sections) {

        /**
         * The sections as search documents: id {@code idPrefix#anchor}, title "Page › Heading", source
         * {@code source#anchor}; empty sections are left out.
         *
         * @param titleIfNone the title when the page has none
         * @param proseOnly   the {@link Section#prose()} view instead of {@link Section#text()}
         */
        public List<Document> documents(String idPrefix, String titleIfNone, String source, boolean proseOnly) {
            String pageTitle = title == null ? titleIfNone : title;
            var documents = new ArrayList<Document>();
            for (Section section : sections) {
                String body = proseOnly ? section.prose() : section.text();
                if (body.isEmpty()) {
                    continue;
                }
                String anchor = section.anchor().isEmpty() ? "" : "#" + section.anchor();
                documents.add(new Document(idPrefix + "#" + section.anchor(),
                        section.heading().isEmpty() ? pageTitle : pageTitle + " › " + section.heading(), body,
                        source + anchor));
            }
            return documents;
        }
    }

    private MarkdownSections() {
    }

    /** Cuts {@code markdown} into sections. */
    public static Page read(String markdown) {
        String body = markdown.replace("\r\n", "\n");
        String title = null;
        String summary = "";
        Matcher front = FRONT_MATTER.matcher(body);
        if (front.find()) {
            for (String line : front.group(1).lines().toList()) {
                if (line.startsWith("title:")) title = unquote(line.substring("title:".length()));
                if (line.startsWith("summary:")) summary = unquote(line.substring("summary:".length()));
            }
            body = body.substring(front.end());
        }
        var cutter = new Cutter(title == null, summary);
        body.lines().forEach(cutter::line);
        return new Page(title == null ? cutter.levelOneTitle : title, cutter.finish());
    }

    /** Reads a page line by line, keeping the state of fences, exercises and concept checks. */
    private static final class Cutter {
        private final List<Section> sections = new ArrayList<>();
        private final HeadingAnchors anchors = new HeadingAnchors();
        private final boolean titleFromHeading;
        private String levelOneTitle;
        private String heading = "";
        private String anchor = "";
        private final StringBuilder prose = new StringBuilder();
        private final StringBuilder text = new StringBuilder();
        private StringBuilder paragraph = new StringBuilder();
        private boolean inFence;
        private String fenceMarker;
        private boolean fenceHidden;
        private boolean inExercise;
        private boolean inCheck;
        private String previous = "";

        Cutter(boolean titleFromHeading, String summary) {
            this.titleFromHeading = titleFromHeading;
            if (!summary.isEmpty()) {
                prose.append(SUMMARY_LABEL).append(summary).append('\n');
                text.append(SUMMARY_LABEL).append(summary).append('\n');
            }
        }

        void line(String line) {
            String stripped = line.strip();
            String marker = stripped.startsWith("```") ? "```" : stripped.startsWith("~~~") ? "~~~" : null;
            if (marker != null && (!inFence || marker.equals(fenceMarker))) {
                if (!inFence) {
                    flush();
                    fenceMarker = marker;
                    fenceHidden = hidden(stripped.substring(3));
                }
                inFence = !inFence;
                return;
            }
            if (inFence) {
                if (!fenceHidden && !inCheck) {
                    text.append(line).append('\n');
                }
                return;
            }
            if (inCheck || stripped.startsWith("::: check")) {
                inCheck = !stripped.equals(":::");     // concept checks: questions and their answers, not prose
                return;
            }
            if (stripped.startsWith("::: exercise")) {
                flush();
                inExercise = true;
                return;
            }
            if (stripped.equals(":::")) {
                flush();
                inExercise = false;
                return;
            }
            Matcher headingMatch = HEADING.matcher(stripped);
            if (headingMatch.matches()) {
                String words = HeadingAnchors.readerText(headingMatch.group(2));
                if (titleFromHeading && levelOneTitle == null && headingMatch.group(1).length() == 1) {
                    levelOneTitle = words;       // the page's title, not a section of it
                    return;
                }
                flush();
                endSection();
                heading = words;
                anchor = anchors.next(headingMatch.group(2));
                return;
            }
            boolean quoteContinues = stripped.startsWith(">") && previous.startsWith(">")
                    && !stripped.matches(">\\s*(\\[!\\w+])?\\s*") && !stripped.matches(">\\s*([-*+]|\\d+\\.)\\s.*");
            if (stripped.isEmpty() || stripped.matches(">\\s*") || (startsBlock(stripped) && !quoteContinues)) {
                flush();
            }
            previous = stripped;
            String plain = plain(line).strip();
            if (!plain.isEmpty()) {
                paragraph.append(paragraph.isEmpty() ? "" : " ").append(plain);
            }
            if (stripped.startsWith("|")) {
                flush();     // table rows stay one per line
            }
        }

        /** Ends a paragraph: one line of text. */
        private void flush() {
            if (!paragraph.isEmpty()) {
                String line = (inExercise ? EXERCISE_LABEL : "") + paragraph + "\n";
                prose.append(line);
                text.append(line);
            }
            paragraph = new StringBuilder();
        }

        private void endSection() {
            sections.add(new Section(heading, anchor, clean(prose), clean(text)));
            prose.setLength(0);
            text.setLength(0);
        }

        List<Section> finish() {
            flush();
            endSection();
            return sections;
        }
    }

    private static String clean(StringBuilder text) {
        return text.toString().replaceAll("(?m)^[ \\t]+", "").replaceAll("\\n{2,}", "\n\n").strip();
    }

    private static boolean hidden(String info) {
        for (String word : info.strip().split("\\s+")) {
            if (HIDDEN_FENCES.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String unquote(String value) {
        return value.strip().replaceAll("^\"(.*)\"$", "$1").replaceAll("^'(.*)'$", "$1");
    }

    /** Lines that start a new block even without a blank line before them: list items, table rows, callouts. */
    private static boolean startsBlock(String line) {
        return line.matches("^([-*+]|\\d+\\.)\\s.*") || line.startsWith("|") || line.startsWith(">") || line.startsWith("$$");
    }

    /** One line of Markdown prose as plain text: quotes, callouts, bullets, table rules, figures and markup go. */
    static String plain(String line) {
        String s = line.replaceFirst("^\\s*>\\s?(\\[!\\w+]\\s*)?", "")      // callouts and quotes
                .replaceFirst("^\\s*[-*+]\\s+", "")                          // list bullets
                .replaceFirst("^\\s*\\|?\\s*-{3,}.*$", "");                   // table rules
        s = IMAGE.matcher(s).replaceAll("");
        s = LINK.matcher(s).replaceAll("$1");
        return s.replace("**", "").replace("`", "").replaceAll("(?<![\\w*])\\*(?!\\s)([^*]+)\\*", "$1");
    }
}
