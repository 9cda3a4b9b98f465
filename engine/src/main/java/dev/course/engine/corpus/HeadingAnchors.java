package dev.course.engine.corpus;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule that turns a heading into the id of its anchor, the rule the lesson page uses (the
 * lessons module renders headings with Flexmark, whose ids are made this way): the heading's text as
 * the reader sees it (code spans, links and emphasis reduced to their words), letters lower-cased,
 * digits kept, spaces, hyphens and underscores turned into hyphens, everything else dropped. A
 * heading seen before on the same page gets {@code -1}, {@code -2}, ...
 *
 * <p>A search hit or a citation links to {@code /learn/track/slug#anchor}, so the rule must be the
 * page's to the letter: the server's {@code LessonAnchorsTest} checks every section of every lesson
 * against the rendered page.
 *
 * <p>One instance per page: it remembers the anchors given so far.
 */
public final class HeadingAnchors {

    private static final Pattern IMAGE = Pattern.compile("!\\[((?:[^\\[\\]]|\\[[^\\]]*])*)]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\([^)]*\\)");
    private static final Pattern EMPHASIS = Pattern.compile("(\\*{1,3}|(?<!\\w)_{1,3})(?=\\S)(.+?)(?<=\\S)\\1");
    private static final String TO_HYPHEN = " -_";

    private final Map<String, Integer> seen = new HashMap<>();

    /** The anchor of the next heading on this page, unique on it. */
    public String next(String headingMarkdown) {
        String base = of(headingMarkdown);
        Integer count = seen.get(base);
        if (count == null) {
            seen.put(base, 0);
            return base;
        }
        seen.put(base, count + 1);
        return base + "-" + (count + 1);
    }

    /** The anchor of one heading, before duplicates on its page are told apart. */
    public static String of(String headingMarkdown) {
        String text = readerText(headingMarkdown);
        var id = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isAlphabetic(c)) {
                id.append(Character.toLowerCase(c));
            } else if (Character.isDigit(c)) {
                id.append(c);
            } else if (TO_HYPHEN.indexOf(c) >= 0) {
                id.append('-');
            }
        }
        return id.toString();
    }

    /** A heading's Markdown as the words a reader sees. */
    static String readerText(String headingMarkdown) {
        String s = headingMarkdown.strip();
        s = IMAGE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        s = LINK.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        s = s.replace("`", "");
        String before;
        do {
            before = s;
            s = EMPHASIS.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
        } while (!s.equals(before));
        return s;
    }
}
