package dev.course.engine.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the citation markers in an answer: {@code [2]}, and lists such as {@code [1, 3]} or
 * {@code [1][3]}. Models write them in all these forms.
 */
public final class CitationMarkers {

    private static final Pattern MARKER = Pattern.compile("\\[(\\d+(?:\\s*,\\s*\\d+)*)]");
    private static final Pattern QUOTE = Pattern.compile("[\"“]([^\"”]{8,})[\"”]");

    private CitationMarkers() {
    }

    /** Every number cited in {@code text}, in order, with repetitions. */
    public static List<Integer> numbers(String text) {
        var numbers = new ArrayList<Integer>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            for (String part : m.group(1).split(",")) {
                try {
                    numbers.add(Integer.parseInt(part.strip()));
                } catch (NumberFormatException tooLong) {
                    numbers.add(Integer.MAX_VALUE);
                }
            }
        }
        return numbers;
    }

    /** {@code text} without its markers. */
    public static String strip(String text) {
        return MARKER.matcher(text).replaceAll("").replaceAll("\\s+([.,;:!?])", "$1").replaceAll("\\s{2,}", " ").strip();
    }

    /** The spans the answer puts in quotation marks (at least 8 characters), which must be verbatim. */
    public static List<String> quotedSpans(String text) {
        var spans = new ArrayList<String>();
        Matcher m = QUOTE.matcher(text);
        while (m.find()) {
            spans.add(m.group(1));
        }
        return spans;
    }
}
