package dev.course.engine.tokenize;

import java.util.Arrays;

/**
 * Text after normalisation, one Unicode code point per slot, where every slot remembers which
 * characters of the <em>original</em> string it came from.
 *
 * <p>Normalisation changes the text (accents go, spaces appear around Chinese characters, "É"
 * becomes "e"), yet a search result must still highlight the words the user actually wrote. So
 * each normalised code point carries the UTF-16 span {@code [originalStart, originalEnd)} of the
 * original character that produced it; a token's offsets are then the span from its first slot's
 * start to its last slot's end.
 *
 * @param codePoints    the normalised text
 * @param originalStart for each code point, where its source character starts in the original
 * @param originalEnd   for each code point, where its source character ends in the original
 */
public record NormalizedText(int[] codePoints, int[] originalStart, int[] originalEnd) {

    public NormalizedText {
        if (codePoints.length != originalStart.length || codePoints.length != originalEnd.length) {
            throw new IllegalArgumentException("alignment arrays must match the text length");
        }
    }

    /** The original text, unchanged, each code point aligned to itself. */
    public static NormalizedText of(String original) {
        return of(original, 0, original.length());
    }

    /** The part {@code [from, to)} of {@code original}, aligned to its positions in the whole string. */
    public static NormalizedText of(String original, int from, int to) {
        var builder = new Builder(to - from);
        for (int i = from; i < to; ) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            builder.add(cp, i, next);
            i = next;
        }
        return builder.build();
    }

    public int length() {
        return codePoints.length;
    }

    /** The normalised code points {@code [from, to)} as a Java string. */
    public String substring(int from, int to) {
        return new String(codePoints, from, to - from);
    }

    @Override
    public String toString() {
        return substring(0, length());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalizedText other
                && Arrays.equals(codePoints, other.codePoints)
                && Arrays.equals(originalStart, other.originalStart)
                && Arrays.equals(originalEnd, other.originalEnd);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }

    /** Accumulates code points with their alignment; each normalisation step writes into one. */
    static final class Builder {
        private int[] cps;
        private int[] starts;
        private int[] ends;
        private int size;

        Builder(int capacity) {
            int c = Math.max(capacity, 4);
            cps = new int[c];
            starts = new int[c];
            ends = new int[c];
        }

        void add(int codePoint, int originalStart, int originalEnd) {
            if (size == cps.length) {
                int c = size * 2;
                cps = Arrays.copyOf(cps, c);
                starts = Arrays.copyOf(starts, c);
                ends = Arrays.copyOf(ends, c);
            }
            cps[size] = codePoint;
            starts[size] = originalStart;
            ends[size] = originalEnd;
            size++;
        }

        NormalizedText build() {
            return new NormalizedText(
                    Arrays.copyOf(cps, size), Arrays.copyOf(starts, size), Arrays.copyOf(ends, size));
        }
    }
}
