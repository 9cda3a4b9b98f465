package dev.course.engine.tokenize;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits normalised text into words before WordPiece sees them: whitespace separates words and
 * is dropped; every punctuation character becomes a word of its own. So {@code "don't stop!"}
 * becomes {@code don ' t stop !}. WordPiece then only ever looks inside one word.
 */
public final class BertPreTokenizer {

    /** A word as the half-open range {@code [from, to)} of code points in the normalised text. */
    public record Word(int from, int to) {
    }

    public List<Word> split(NormalizedText text) {
        var words = new ArrayList<Word>();
        int[] cps = text.codePoints();
        int wordStart = -1;
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            boolean space = Unicode.isWhitespace(cp);
            boolean punct = !space && Unicode.isPunctuation(cp);
            if (space || punct) {
                if (wordStart >= 0) {
                    words.add(new Word(wordStart, i));
                    wordStart = -1;
                }
                if (punct) {
                    words.add(new Word(i, i + 1));
                }
            } else if (wordStart < 0) {
                wordStart = i;
            }
        }
        if (wordStart >= 0) {
            words.add(new Word(wordStart, cps.length));
        }
        return words;
    }
}
