package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a Markdown file into one document per section (the text under a heading, up to the next
 * heading), so that a hit points at the right part of a long page, and turns the Markdown into
 * the plain text a reader sees: links keep their words, images their alt text and caption,
 * emphasis and callout markers go.
 *
 * <p>Front matter ({@code ---} ... {@code ---}) is dropped, and its {@code title:} names the file.
 * Fenced code stays (a search for {@code normalise(} should find the cell) except for blocks
 * whose info string says they are hidden: {@code solution}, {@code check} and {@code setup} (the
 * lesson format's answers, tests and set-up code must not turn up in search). Concept checks
 * ({@code ::: check} … {@code :::}) are left out whole, for the same reason.
 */
public final class MarkdownSections {

    private static final Pattern HEADING = Pattern.compile("^(#{1,4})\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)(.*)$");
    private static final Pattern IMAGE = Pattern.compile("!\\[((?:[^\\[\\]]|\\[[^\\]]*])*)]\\(([^)\\s]*)(?:\\s+\"([^\"]*)\")?\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\([^)]*\\)");
    private static final Pattern CHECK_OPEN = Pattern.compile("^:::\\s*check\\b.*$");
    private static final Set<String> HIDDEN_BLOCKS = Set.of("solution", "check", "setup");

    private MarkdownSections() {
    }

    /**
     * The sections of one Markdown text.
     *
     * @param markdown     the file's content
     * @param idPrefix     the documents' ids are {@code idPrefix#section-slug} ({@code idPrefix#} for the text
     *                     before the first heading)
     * @param defaultTitle the title when there is neither front matter nor a level-1 heading
     * @param source       where the file is; sections get {@code source#section-slug}
     */
    public static List<Document> split(String markdown, String idPrefix, String defaultTitle, String source) {
        List<String> lines = new ArrayList<>(markdown.replace("\r\n", "\n").lines().toList());
        String title = frontMatterTitle(lines);
        boolean titleFromHeading = false;
        if (title == null) {
            title = lines.stream().map(HEADING::matcher).filter(m -> m.matches() && m.group(1).length() == 1)
                    .map(m -> plain(m.group(2))).findFirst().orElse(null);
            titleFromHeading = title != null;
            title = titleFromHeading ? title : defaultTitle;
        }
        var sections = new ArrayList<Document>();
        var usedSlugs = new HashSet<String>();
        String heading = "";
        var text = new StringBuilder();
        String fence = null;
        boolean hidden = false;
        boolean inCheck = false;
        for (String line : lines) {
            // A concept check (the lesson format's ::: check block) holds questions and their answers:
            // an answer found by search would spoil the question, and the lesson's prose teaches the same.
            if (inCheck || CHECK_OPEN.matcher(line).matches()) {
                inCheck = !line.strip().equals(":::");
                continue;
            }
            Matcher fenceMatch = FENCE.matcher(line);
            if (fence == null && fenceMatch.matches()) {
                fence = fenceMatch.group(1);
                hidden = isHidden(fenceMatch.group(2));
                continue;
            }
            if (fence != null) {
                if (line.strip().startsWith(fence)) {
                    fence = null;
                    hidden = false;
                } else if (!hidden) {
                    text.append(line).append('\n');
                }
                continue;
            }
            Matcher headingMatch = HEADING.matcher(line);
            if (headingMatch.matches()) {
                if (titleFromHeading && headingMatch.group(1).length() == 1 && plain(headingMatch.group(2)).equals(title)) {
                    titleFromHeading = false; // the page's title, not a section of it
                    continue;
                }
                add(sections, usedSlugs, idPrefix, title, heading, text, source);
                heading = plain(headingMatch.group(2));
                text.setLength(0);
                continue;
            }
            text.append(plain(line)).append('\n');
        }
        add(sections, usedSlugs, idPrefix, title, heading, text, source);
        return sections;
    }

    private static boolean isHidden(String info) {
        for (String word : info.strip().split("\\s+")) {
            if (HIDDEN_BLOCKS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Removes the front matter from {@code lines} and returns its title, or null if there is none. */
    private static String frontMatterTitle(List<String> lines) {
        if (lines.isEmpty() || !lines.getFirst().strip().equals("---")) {
            return null;
        }
        int end = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("---")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return null;
        }
        String title = null;
        for (String line : lines.subList(1, end)) {
            if (line.startsWith("title:")) {
                title = line.substring("title:".length()).replaceAll("#.*$", "").strip().replaceAll("^[\"']|[\"']$", "");
            }
        }
        lines.subList(0, end + 1).clear();
        return title;
    }

    private static void add(List<Document> out, Set<String> usedSlugs, String idPrefix, String title, String heading,
                            StringBuilder text, String source) {
        String body = text.toString().replaceAll("\\n{3,}", "\n\n").strip();
        if (body.isEmpty()) {
            return;
        }
        String slug = slug(heading);
        String unique = slug;
        for (int n = 1; !usedSlugs.add(unique); n++) {
            unique = slug + "-" + n;
        }
        String anchor = unique.isEmpty() ? "" : "#" + unique;
        out.add(new Document(idPrefix + "#" + unique, heading.isEmpty() ? title : title + " › " + heading, body,
                source + anchor));
    }

    /** A heading's anchor as GitHub-style renderers make it: lower case, punctuation dropped, spaces to hyphens. */
    public static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).strip()
                .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                .replaceAll("\\s", "-");
    }

    /** One line of Markdown as the text a reader sees. */
    static String plain(String line) {
        String s = line.replaceFirst("^\\s*>\\s?", "").replaceFirst("^\\s*\\[!(NOTE|TIP|WARNING)]\\s*", "");
        if (s.strip().startsWith(":::")) {
            return "";
        }
        s = IMAGE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + (m.group(3) == null ? "" : " " + m.group(3))));
        s = LINK.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        return s.replace("**", "").replace("__", "");
    }
}
