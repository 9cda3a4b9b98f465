package dev.course.lessons;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the lines of an {@code expect} block into {@link Expectation}s; the grammar is there. */
final class ExpectationParser {

    private ExpectationParser() {
    }

    /**
     * Reads one line of an {@code expect} block, found at {@code line} of the lesson file.
     *
     * @throws IllegalArgumentException saying what is wrong and how the line should look
     */
    static Expectation parse(String written, int line) {
        String text = written.strip();
        int space = text.indexOf(' ');
        String verb = space < 0 ? text : text.substring(0, space);
        String rest = space < 0 ? "" : text.substring(space + 1).strip();
        return switch (verb) {
            case "prints" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("'prints' needs the text the cell prints: prints dot = 8.0");
                }
                yield new Expectation.Prints(rest, text, line);
            }
            case "matches" -> {
                Slashed regex = slashed(rest, "matches /REGEX/");
                requireEnd(regex.after(), "matches /REGEX/");
                yield new Expectation.Matches(regex.pattern(), text, line);
            }
            case "number" -> {
                Slashed regex = slashed(rest, "number /REGEX/ in [LOW, HIGH]");
                requireGroup(regex.pattern());
                Matcher range = Pattern.compile("in\\s*\\[\\s*(\\S+?)\\s*,\\s*(\\S+?)\\s*]").matcher(regex.after());
                if (!range.matches()) {
                    throw new IllegalArgumentException("after the pattern write the range: number /REGEX/ in [LOW, HIGH]");
                }
                yield new Expectation.NumberIn(regex.pattern(), bound(range.group(1)), bound(range.group(2)), text, line);
            }
            case "compare" -> {
                String form = "compare /REGEX/ > /REGEX/ (or <, <=, >=)";
                Slashed left = slashed(rest, form);
                Matcher op = Pattern.compile("(<=|>=|<|>)\\s*(.*)").matcher(left.after());
                if (!op.matches()) {
                    throw new IllegalArgumentException("between the two patterns write <, <=, > or >=: " + form);
                }
                Slashed right = slashed(op.group(2), form);
                requireEnd(right.after(), form);
                requireGroup(left.pattern());
                requireGroup(right.pattern());
                yield new Expectation.Compare(left.pattern(), op.group(1), right.pattern(), text, line);
            }
            default -> throw new IllegalArgumentException("unknown expectation '" + verb
                    + "'; write prints TEXT, matches /REGEX/, number /REGEX/ in [LOW, HIGH] or compare /REGEX/ > /REGEX/");
        };
    }

    private record Slashed(Pattern pattern, String after) {
    }

    /** Reads {@code /regex/} at the start of {@code text}; a slash inside is written {@code \/}. */
    private static Slashed slashed(String text, String form) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a pattern goes between slashes: " + form);
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                regex.append('/');
                i++;
            } else if (c == '/') {
                try {
                    return new Slashed(Pattern.compile(regex.toString()), text.substring(i + 1).strip());
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("the pattern /" + regex + "/ is not a regular expression: "
                            + e.getDescription());
                }
            } else {
                regex.append(c);
            }
        }
        throw new IllegalArgumentException("the pattern is never closed with '/': " + form);
    }

    private static void requireEnd(String after, String form) {
        if (!after.isEmpty()) {
            throw new IllegalArgumentException("unexpected '" + after + "' after the pattern: " + form);
        }
    }

    private static void requireGroup(Pattern pattern) {
        if (pattern.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("the pattern /" + pattern.pattern()
                    + "/ needs a group around the number, e.g. /previous token: ([0-9.]+)/");
        }
    }

    private static double bound(String word) {
        try {
            return Double.parseDouble(word.replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + word + "' is not a number");
        }
    }

}
