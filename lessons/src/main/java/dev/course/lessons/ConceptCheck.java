package dev.course.lessons;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A concept check: one short question on what the lesson teaches, answered on the page, with an
 * explanation for every answer. Written in a lesson as a {@code ::: check ID} block (the grammar is
 * in {@code lessons/README.md} and {@link ConceptCheckParser}).
 *
 * <p>The answer and the explanations never reach the page before the learner answers: the page
 * sends what the learner picked or typed, the server judges it with {@link #judge(String)} and
 * sends back the verdict and the explanations.
 *
 * @param id       unique among the lesson's checks: lower-case letters, digits and dashes
 * @param question Markdown
 * @param answer   the options of a single-choice question, or the number of a numeric one
 * @param line     where the block starts in the lesson file
 */
public record ConceptCheck(String id, String question, Answer answer, int line) implements Block {

    /** The most options a single-choice question may offer, and the fewest. */
    public static final int MAX_OPTIONS = 6;
    public static final int MIN_OPTIONS = 2;
    /** The longest answer the server reads from a page; anything longer is not an answer. */
    public static final int MAX_ANSWER_CHARS = 40;

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    public ConceptCheck {
        if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a check id is lower-case letters, digits and dashes: " + id);
        }
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("check '" + id + "' has no question");
        }
    }

    /** What counts as right, and what the learner reads after answering. */
    public sealed interface Answer permits Choice, Numeric {
    }

    /**
     * A single-choice question: exactly one option is right.
     *
     * @param options in the order the page shows them
     */
    public record Choice(List<Option> options) implements Answer {
        public Choice {
            options = List.copyOf(options);
            if (options.size() < MIN_OPTIONS || options.size() > MAX_OPTIONS) {
                throw new IllegalArgumentException("a question offers " + MIN_OPTIONS + " to " + MAX_OPTIONS
                        + " options, not " + options.size());
            }
            if (options.stream().filter(Option::correct).count() != 1) {
                throw new IllegalArgumentException("exactly one option is right: mark it - [x]");
            }
        }

        /** The index of the right option. */
        public int correctIndex() {
            for (int i = 0; i < options.size(); i++) {
                if (options.get(i).correct()) {
                    return i;
                }
            }
            throw new IllegalStateException("no right option");
        }
    }

    /**
     * One option of a single-choice question.
     *
     * @param text        Markdown, one line
     * @param correct     whether it is the right answer
     * @param explanation Markdown: why it is right, or what the learner who picks it has mixed up
     */
    public record Option(String text, boolean correct, String explanation) {
    }

    /**
     * A numeric question: an answer within {@code tolerance} of {@code value} is right.
     *
     * @param explanation Markdown: how the number comes about, shown after any answer
     */
    public record Numeric(double value, double tolerance, String explanation) implements Answer {
        public Numeric {
            if (!Double.isFinite(value) || !Double.isFinite(tolerance) || tolerance < 0) {
                throw new IllegalArgumentException("a numeric answer needs a finite value and a tolerance of 0 or more");
            }
        }

        /** The value as the page shows it: {@code 0.0323 ± 0.0005}. */
        public String display() {
            return format(value) + (tolerance > 0 ? " ± " + format(tolerance) : "");
        }
    }

    /**
     * The verdict on one answer.
     *
     * @param answer  the answer as it will be stored: the option's index, or the number as read
     * @param correct whether it is right
     */
    public record Verdict(String answer, boolean correct) {
    }

    /**
     * Judges what a page sent: the index of an option ({@code "0"}, {@code "1"}, …) for a choice, a
     * decimal number for a numeric question. Anything else is not an answer, and the learner is told
     * what to send.
     *
     * @throws IllegalArgumentException with a one-line message for the learner
     */
    public Verdict judge(String sent) {
        String text = sent == null ? "" : sent.strip();
        if (text.isEmpty() || text.length() > MAX_ANSWER_CHARS) {
            throw new IllegalArgumentException("an answer is an option or a number of at most " + MAX_ANSWER_CHARS + " characters");
        }
        return switch (answer) {
            case Choice choice -> {
                int index = option(text).filter(i -> i < choice.options().size())
                        .orElseThrow(() -> new IllegalArgumentException("pick one of the " + choice.options().size() + " options"));
                yield new Verdict(Integer.toString(index), choice.options().get(index).correct());
            }
            case Numeric numeric -> {
                double value = number(text).orElseThrow(() ->
                        new IllegalArgumentException("write a number such as 0.25 (a point for decimals, no units)"));
                yield new Verdict(format(value), Math.abs(value - numeric.value()) <= numeric.tolerance() + 1e-12 * Math.abs(numeric.value()));
            }
        };
    }

    private static Optional<Integer> option(String text) {
        return text.matches("\\d{1,2}") ? Optional.of(Integer.parseInt(text)) : Optional.empty();
    }

    /** A decimal number as a learner types it; a comma is read as a decimal point ({@code 0,25}). */
    static Optional<Double> number(String text) {
        String normal = text.replace(" ", "").replace(",", ".");
        if (!NUMBER.matcher(normal).matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(normal);
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }

    /** A number without a trailing {@code .0} and without exponent noise for ordinary sizes. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String plain = new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        return plain.toLowerCase(Locale.ROOT);
    }
}
