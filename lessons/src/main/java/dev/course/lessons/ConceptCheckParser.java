package dev.course.lessons;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the body of a {@code ::: check ID} block into a {@link ConceptCheck}. The question comes
 * first; then either the options of a single-choice question, the right one marked {@code [x]},
 * each followed by its explanation indented by two spaces:
 *
 * <pre>
 * ::: check right-angle
 * What is the cosine of two vectors at a right angle?
 *
 * - [ ] 1
 *   No: 1 means they point the same way.
 * - [x] 0
 *   Yes: their dot product is 0, so the cosine is 0 whatever their lengths.
 * :::
 * </pre>
 *
 * or, for a numeric question, the answer with its tolerance and one explanation:
 *
 * <pre>
 * = 0.0323 ± 0.0001
 *   1/62 + 1/62: rank 2 in both lists, with k = 60.
 * </pre>
 */
final class ConceptCheckParser {

    private static final Pattern OPTION = Pattern.compile("^- \\[([ xX])]\\s+(.+?)\\s*$");
    private static final Pattern NUMERIC = Pattern.compile("^=\\s*(\\S+)(?:\\s*(?:±|\\+-|\\+/-)\\s*(\\S+))?\\s*$");

    private final String file;

    ConceptCheckParser(String file) {
        this.file = file;
    }

    /**
     * @param id     the check's id, already validated
     * @param body   the lines between {@code ::: check ID} and {@code :::}
     * @param first  the file line number of {@code body.get(0)}
     * @param opened the line of {@code ::: check ID}
     */
    ConceptCheck parse(String id, List<String> body, int first, int opened) {
        StringBuilder question = new StringBuilder();
        List<ConceptCheck.Option> options = new ArrayList<>();
        ConceptCheck.Numeric numeric = null;
        int i = 0;
        for (; i < body.size(); i++) {
            String line = body.get(i);
            if (OPTION.matcher(line).matches() || NUMERIC.matcher(line).matches()) {
                break;
            }
            question.append(line).append('\n');
        }
        if (question.toString().isBlank()) {
            throw error(opened, "check '" + id + "' has no question: write it on the lines after '::: check " + id + "'");
        }
        while (i < body.size()) {
            int at = first + i;
            String line = body.get(i++);
            if (line.isBlank()) {
                continue;
            }
            Matcher option = OPTION.matcher(line);
            Matcher number = NUMERIC.matcher(line);
            if (!option.matches() && !number.matches()) {
                throw error(at, "after the question come options ('- [ ] text', the right one '- [x] text') or '= number ± tolerance',"
                        + " each with its explanation indented on the next line; got '" + line.strip() + "'");
            }
            StringBuilder explanation = new StringBuilder();
            while (i < body.size() && (body.get(i).isBlank() || Character.isWhitespace(body.get(i).charAt(0)))) {
                explanation.append(body.get(i++).strip()).append('\n');
            }
            if (explanation.toString().isBlank()) {
                throw error(at, "every answer needs an explanation: write it on the next line, indented by two spaces");
            }
            if (option.matches()) {
                if (numeric != null) {
                    throw error(at, "a check is either a choice (- [ ] options) or a number (= value), not both");
                }
                options.add(new ConceptCheck.Option(option.group(2), !option.group(1).isBlank(), explanation.toString().strip()));
            } else {
                if (numeric != null || !options.isEmpty()) {
                    throw error(at, "a numeric check has one '= value ± tolerance' line and no options");
                }
                double value = ConceptCheck.number(number.group(1)).orElseThrow(() ->
                        error(at, "'" + number.group(1) + "' is not a number; write = 0.0323 ± 0.0005"));
                double tolerance = number.group(2) == null ? 0 : ConceptCheck.number(number.group(2)).orElseThrow(() ->
                        error(at, "the tolerance '" + number.group(2) + "' is not a number; write = 0.0323 ± 0.0005"));
                numeric = new ConceptCheck.Numeric(value, Math.abs(tolerance), explanation.toString().strip());
            }
        }
        if (numeric == null && options.isEmpty()) {
            throw error(opened, "check '" + id + "' has no answers: add options '- [ ] text' (the right one '- [x] text')"
                    + " or a line '= number ± tolerance'");
        }
        try {
            return new ConceptCheck(id, question.toString().strip(), numeric != null ? numeric : new ConceptCheck.Choice(options), opened);
        } catch (IllegalArgumentException e) {
            throw error(opened, "check '" + id + "': " + e.getMessage());
        }
    }

    private LessonFormatException error(int line, String problem) {
        return new LessonFormatException(file, line, problem);
    }
}
