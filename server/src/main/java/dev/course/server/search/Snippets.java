package dev.course.server.search;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The passage of a hit to show: a window of its readable text around the first query word it
 * contains. A section's indexed text also holds its cells' code and its formulas' TeX source (so a
 * search for {@code normalise(} finds the cell); a snippet leaves those out and shows prose.
 */
final class Snippets {

    /** How long a snippet is, in characters. */
    static final int LENGTH = 240;

    /** A line of code: it ends like a statement or a block, or starts like an import, a comment or an annotation. */
    private static final Pattern CODE_LINE = Pattern.compile("\\s*(?:(?:import|package) .*|//.*|@\\w.*|.*[;{}]\\s*)");
    /** A line of TeX: a command of two letters or more before its argument, as in \frac or \sum. */
    private static final Pattern TEX_LINE = Pattern.compile(".*\\\\[A-Za-z]{2,}[{_^\\s].*");
    /** A TeX command such as {@code \frac} or {@code \text}; its braced arguments stay as plain text. */
    private static final Pattern TEX_COMMAND = Pattern.compile("\\\\[A-Za-z]+\\*?");
    /** What is left of TeX once its commands are gone: braces, sub- and superscript marks, alignment. */
    private static final Pattern TEX_MARKS = Pattern.compile("[{}^_&]|\\\\[,;! ]");

    private Snippets() {
    }

    /**
     * The text a reader wants in a snippet, line by line: lines of code dropped, and lines of TeX
     * reduced to their words and symbols (the formula of RRF keeps "RRF", "lists" and "rank").
     */
    static String readable(String text) {
        StringBuilder prose = new StringBuilder();
        for (String line : text.split("\n")) {
            if (TEX_LINE.matcher(line).matches()) {
                prose.append(TEX_MARKS.matcher(TEX_COMMAND.matcher(line).replaceAll(" ")).replaceAll(" ")).append('\n');
            } else if (!CODE_LINE.matcher(line).matches()) {
                prose.append(line).append('\n');
            }
        }
        return prose.toString();
    }

    static String around(String text, List<String> terms) {
        String flat = readable(text).replaceAll("\\s+", " ").strip();
        if (flat.isEmpty()) {
            flat = text.replaceAll("\\s+", " ").strip(); // a section of nothing but code: show the code
        }
        String lower = flat.toLowerCase(Locale.ROOT);
        int first = -1;
        for (String term : terms) {
            int at = lower.indexOf(stem(term));
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (flat.length() <= LENGTH) {
            return flat;
        }
        int start = Math.max(0, (first < 0 ? 0 : first) - LENGTH / 4);
        int end = Math.min(flat.length(), start + LENGTH);
        start = Math.max(0, end - LENGTH);
        int space = flat.lastIndexOf(' ', start);
        if (start > 0 && space > 0 && start - space < 20) {
            start = space + 1;
        }
        return (start > 0 ? "…" : "") + flat.substring(start, end).strip() + (end < flat.length() ? "…" : "");
    }

    /**
     * The snippet as HTML: escaped, with every word that starts like a query term in {@code <mark>}.
     */
    static String highlight(String text, List<String> terms) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder html = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int best = -1;
            int bestLength = 0;
            for (String term : terms) {
                String stem = stem(term);
                int at = lower.indexOf(stem, i);
                while (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) {
                    at = lower.indexOf(stem, at + 1); // only at the start of a word: "dot", not "\\cdot"
                }
                if (at >= 0 && (best < 0 || at < best)) {
                    best = at;
                    bestLength = stem.length();
                }
            }
            if (best < 0) {
                html.append(dev.course.lessons.Html.escape(text.substring(i)));
                break;
            }
            int end = best + bestLength;
            while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                end++; // mark the whole word
            }
            html.append(dev.course.lessons.Html.escape(text.substring(i, best)))
                    .append("<mark>").append(dev.course.lessons.Html.escape(text.substring(best, end))).append("</mark>");
            i = end;
        }
        return html.toString();
    }

    /**
     * A crude stem for highlighting, so that "normalised" also marks "normalise" and "normalising":
     * the word without a common English ending. Ranking uses Lucene's real English stemmer.
     */
    static String stem(String term) {
        for (String ending : List.of("ising", "izing", "ised", "ized", "ings", "ing", "ies", "es", "ed", "s")) {
            if (term.endsWith(ending) && term.length() - ending.length() >= 4) {
                return term.substring(0, term.length() - ending.length());
            }
        }
        return term;
    }
}
