package dev.course.lessons;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the prose around a cell says the cell prints, written so that a test can check it.
 *
 * <p>A lesson that says "the best head puts 0.6 of its weight on the previous token" is only true
 * while the cell above it prints that. So a cell may be followed by an {@code expect} block, one
 * expectation per line, and the every-lesson tests (the web path and the notebook path) run the
 * cell and check each one against the text it printed (its output streams and the plain-text form
 * of its results). A lesson whose prose and output disagree then fails the build, naming the
 * lesson file and the line of the expectation:
 *
 * <pre>
 * prints TEXT                          the output contains TEXT, exactly
 * matches /REGEX/                      some part of the output matches REGEX
 * number /REGEX/ in [LOW, HIGH]        REGEX's first group reads as a number from LOW to HIGH
 * compare /REGEX/ OP /REGEX/           the two numbers compare so: OP is &lt;, &lt;=, &gt; or &gt;=
 * </pre>
 *
 * A regular expression sits between slashes (write {@code \/} for a slash inside it). Numbers may
 * carry thousands separators ({@code 4,869}); a percentage is read as its number ({@code 62%} is 62).
 */
public sealed interface Expectation {

    /** The expectation as written in the lesson, for messages. */
    String text();

    /** Its line in the lesson file. */
    int line();

    /**
     * Checks the cell's printed output.
     *
     * @return empty when the output agrees, otherwise what the cell printed instead, in one line
     */
    Optional<String> disagreement(String output);

    /** The output contains {@code expected} exactly. */
    record Prints(String expected, String text, int line) implements Expectation {
        @Override
        public Optional<String> disagreement(String output) {
            return output.contains(expected) ? Optional.empty()
                    : Optional.of("the output does not contain \"" + expected + "\"");
        }
    }

    /** Some part of the output matches {@code pattern}. */
    record Matches(Pattern pattern, String text, int line) implements Expectation {
        @Override
        public Optional<String> disagreement(String output) {
            return pattern.matcher(output).find() ? Optional.empty()
                    : Optional.of("nothing in the output matches /" + pattern.pattern() + "/");
        }
    }

    /** The number captured by {@code pattern}'s first group lies in {@code [low, high]}. */
    record NumberIn(Pattern pattern, double low, double high, String text, int line) implements Expectation {
        public NumberIn {
            if (!(low <= high)) {
                throw new IllegalArgumentException("the range [" + low + ", " + high + "] is empty");
            }
        }

        @Override
        public Optional<String> disagreement(String output) {
            Optional<Double> number = firstNumber(pattern, output);
            if (number.isEmpty()) {
                return Optional.of("nothing in the output matches /" + pattern.pattern() + "/");
            }
            double value = number.get();
            return value >= low && value <= high ? Optional.empty()
                    : Optional.of("the cell printed " + format(value) + ", outside [" + format(low) + ", " + format(high) + "]");
        }
    }

    /** The numbers captured by two patterns compare as {@code operator} says. */
    record Compare(Pattern left, String operator, Pattern right, String text, int line) implements Expectation {
        @Override
        public Optional<String> disagreement(String output) {
            Optional<Double> a = firstNumber(left, output);
            Optional<Double> b = firstNumber(right, output);
            if (a.isEmpty() || b.isEmpty()) {
                return Optional.of("nothing in the output matches /" + (a.isEmpty() ? left : right).pattern() + "/");
            }
            boolean holds = switch (operator) {
                case "<" -> a.get() < b.get();
                case "<=" -> a.get() <= b.get();
                case ">" -> a.get() > b.get();
                case ">=" -> a.get() >= b.get();
                default -> throw new IllegalStateException(operator);
            };
            return holds ? Optional.empty()
                    : Optional.of("the cell printed " + format(a.get()) + " and " + format(b.get()) + ", so not " + format(a.get())
                    + " " + operator + " " + format(b.get()));
        }
    }

    /**
     * Checks every expectation of a cell against what it printed.
     *
     * @param sourceName the lesson file, for messages ({@code transformers/02-attention.md})
     * @return one message per disagreement, {@code file:line: ...}, naming what the lesson expects,
     * what the cell printed instead, and the start of the output
     */
    static java.util.List<String> disagreements(String sourceName, java.util.List<Expectation> expectations, String output) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (Expectation expectation : expectations) {
            expectation.disagreement(output).ifPresent(why -> problems.add(sourceName + ":" + expectation.line()
                    + ": the lesson expects '" + expectation.text() + "', but " + why + ". The cell printed: "
                    + excerpt(output)));
        }
        return problems;
    }

    private static String excerpt(String output) {
        String flat = output.strip().replaceAll("\\s*\n\\s*", " | ");
        return flat.length() <= 400 ? flat : flat.substring(0, 400) + " …";
    }

    /**
     * Reads one line of an {@code expect} block, found at {@code line} of the lesson file.
     *
     * @throws IllegalArgumentException saying what is wrong and how the line should look
     */
    static Expectation parse(String written, int line) {
        return ExpectationParser.parse(written, line);
    }

    /** The number in {@code pattern}'s first group at its first match that reads as one. */
    private static Optional<Double> firstNumber(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        while (m.find()) {
            String group = m.group(1);
            if (group == null) {
                continue;
            }
            String digits = group.strip().replace(",", "").replace("_", "").replace("%", "").replace("\u2212", "-");
            try {
                return Optional.of(Double.parseDouble(digits));
            } catch (NumberFormatException ignored) {
                // keep looking: the pattern may also match words
            }
        }
        return Optional.empty();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) value)
                : new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
