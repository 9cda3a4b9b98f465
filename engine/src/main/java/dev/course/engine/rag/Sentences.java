package dev.course.engine.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits text into sentences that remember where they are, so that a sentence can be quoted back
 * exactly: {@code text.substring(s.start(), s.end()).equals(s.text())}.
 *
 * <p>A sentence ends at {@code .}, {@code !} or {@code ?} followed by a space and a capital letter,
 * digit or opening symbol, and at every line break (lesson text keeps list items and headings on
 * lines of their own). Common abbreviations ({@code e.g.}, {@code i.e.}) do not end a sentence.
 */
public final class Sentences {

    /** A sentence of some text and its character span there. */
    public record Sentence(String text, int start, int end) {
        public Sentence {
            if (start < 0 || end < start || end - start != text.length()) {
                throw new IllegalArgumentException("span [" + start + ", " + end + ") does not fit \"" + text + "\"");
            }
        }
    }

    private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "etc", "vs", "cf", "approx", "fig", "dr", "mr",
            "ms", "no");

    private Sentences() {
    }

    /** The sentences of {@code text}, trimmed, empty ones dropped. */
    public static List<Sentence> split(String text) {
        var out = new ArrayList<Sentence>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                add(out, text, start, i);
                start = i + 1;
            } else if ((c == '.' || c == '!' || c == '?') && endsSentence(text, i)) {
                add(out, text, start, i + 1);
                start = i + 1;
            }
        }
        add(out, text, start, text.length());
        return out;
    }

    private static boolean endsSentence(String text, int i) {
        int next = i + 1;
        while (next < text.length() && (text.charAt(next) == '"' || text.charAt(next) == ')' || text.charAt(next) == '\'')) {
            next++;
        }
        if (next >= text.length()) {
            return true;
        }
        if (text.charAt(next) != ' ' || next + 1 >= text.length()) {
            return text.charAt(next) == '\n';
        }
        char after = text.charAt(next + 1);
        if (!(Character.isUpperCase(after) || Character.isDigit(after) || after == '"' || after == '(' || after == '$'
                || after == '`' || after == '*')) {
            return false;
        }
        int wordStart = i;
        while (wordStart > 0 && !Character.isWhitespace(text.charAt(wordStart - 1))) {
            wordStart--;
        }
        String word = text.substring(wordStart, i).toLowerCase(java.util.Locale.ROOT).replace("(", "");
        return !ABBREVIATIONS.contains(word);
    }

    private static void add(List<Sentence> out, String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        if (end > start) {
            out.add(new Sentence(text.substring(start, end), start, end));
        }
    }
}
