package dev.course.kernel.handling;

/**
 * Converts cursor positions between Jupyter and Java. Since protocol 5.2 Jupyter counts cursor
 * positions in Unicode code points; Java strings index UTF-16 {@code char}s, which differ as soon as
 * a cell contains an emoji or another character outside the Basic Multilingual Plane.
 */
final class CodePoints {

    private CodePoints() {
    }

    /** The {@code char} index of a code-point position, clamped to the text. */
    static int toCharIndex(String text, int codePoints) {
        int clamped = Math.clamp(codePoints, 0, text.codePointCount(0, text.length()));
        return text.offsetByCodePoints(0, clamped);
    }

    /** The code-point position of a {@code char} index. */
    static int toCodePoints(String text, int charIndex) {
        return text.codePointCount(0, Math.clamp(charIndex, 0, text.length()));
    }
}
