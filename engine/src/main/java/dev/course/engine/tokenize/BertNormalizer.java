package dev.course.engine.tokenize;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The first step of BERT tokenisation: make text uniform before it is split.
 *
 * <p>It applies, in this order and exactly like Hugging Face's {@code BertNormalizer}:
 * <ol>
 *   <li><b>clean text</b>: drop NUL, U+FFFD and "other" characters (controls, format characters
 *       such as zero-width joiners, unassigned code points); turn every whitespace into a space;
 *   <li><b>Chinese characters</b>: put a space on both sides of each CJK ideograph, because Chinese
 *       has no spaces between words and BERT's vocabulary holds ideographs one by one;
 *   <li><b>strip accents</b>: decompose (Unicode NFD: "é" becomes "e" + a combining acute accent)
 *       and drop the non-spacing marks, so "café" and "cafe" meet;
 *   <li><b>lowercase</b>, one code point at a time.
 * </ol>
 * When the JSON leaves {@code strip_accents} null it follows {@code lowercase}, as in BERT
 * "uncased" models. Every output code point keeps the span of the original character it came from
 * (see {@link NormalizedText}).
 *
 * @param cleanText          step 1 on or off
 * @param handleChineseChars step 2 on or off
 * @param stripAccents       step 3 on or off
 * @param lowercase          step 4 on or off
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {

    /** The settings of uncased BERT models such as all-MiniLM-L6-v2 and bge-small-en-v1.5. */
    public static final BertNormalizer UNCASED = new BertNormalizer(true, true, true, true);

    public NormalizedText normalize(NormalizedText text) {
        var out = new NormalizedText.Builder(text.length() + 8);
        int[] cps = text.codePoints();
        for (int i = 0; i < cps.length; i++) {
            int start = text.originalStart()[i];
            int end = text.originalEnd()[i];
            int cp = cps[i];
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || Unicode.isOther(cp)) {
                    continue;
                }
                if (Unicode.isWhitespace(cp)) {
                    cp = ' ';
                }
            }
            if (handleChineseChars && Unicode.isChineseIdeograph(cp)) {
                out.add(' ', start, end);
                out.add(cp, start, end);
                out.add(' ', start, end);
                continue;
            }
            emitStrippedAndLowered(cp, start, end, out);
        }
        return out.build();
    }

    public NormalizedText normalize(String text) {
        return normalize(NormalizedText.of(text));
    }

    private void emitStrippedAndLowered(int cp, int start, int end, NormalizedText.Builder out) {
        String piece = Character.toString(cp);
        if (stripAccents) {
            piece = Normalizer.normalize(piece, Normalizer.Form.NFD);
        }
        for (int j = 0; j < piece.length(); ) {
            int c = piece.codePointAt(j);
            j += Character.charCount(c);
            if (stripAccents && Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (lowercase) {
                // Per code point, like Rust's char::to_lowercase: "İ" becomes two code points.
                String lower = Character.toString(c).toLowerCase(Locale.ROOT);
                lower.codePoints().forEach(l -> out.add(l, start, end));
            } else {
                out.add(c, start, end);
            }
        }
    }
}
