package dev.course.engine.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * WordPiece, the subword model of BERT: cut one word into the longest pieces the vocabulary
 * knows, left to right.
 *
 * <p>Start at the first character and take the longest prefix that is in the vocabulary; then
 * continue from where it ended, now looking for pieces spelled with the continuation prefix
 * ({@code ##}). "unaffable" becomes {@code un ##af ##fable}. If at some point no piece matches, or
 * the word is longer than {@link #maxInputCharsPerWord}, the whole word becomes the unknown token:
 * WordPiece never returns half a word.
 *
 * @param vocabulary           the known pieces
 * @param unknownToken         what a word that cannot be cut becomes, usually {@code [UNK]}
 * @param continuationPrefix   marks a piece that continues a word, usually {@code ##}
 * @param maxInputCharsPerWord longer words are not cut at all but become {@code unknownToken}
 */
public record WordPiece(Vocabulary vocabulary, String unknownToken, String continuationPrefix, int maxInputCharsPerWord) {

    /** BERT's limit: words of more than 100 characters become [UNK]. */
    public static final int DEFAULT_MAX_INPUT_CHARS_PER_WORD = 100;

    public WordPiece {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(continuationPrefix, "continuationPrefix");
        if (!vocabulary.contains(unknownToken)) {
            throw new IllegalArgumentException("the vocabulary lacks the unknown token " + unknownToken);
        }
        if (maxInputCharsPerWord < 1) {
            throw new IllegalArgumentException("maxInputCharsPerWord must be >= 1, got " + maxInputCharsPerWord);
        }
    }

    /**
     * Cuts the word {@code [word.from, word.to)} of {@code text} into pieces, each with the span of
     * original characters it covers.
     */
    public List<Token> split(NormalizedText text, BertPreTokenizer.Word word) {
        if (word.to() - word.from() > maxInputCharsPerWord) {
            return List.of(unknown(text, word));
        }
        var pieces = new ArrayList<Token>();
        int start = word.from();
        while (start < word.to()) {
            // Try the longest candidate first and shrink it until the vocabulary knows it.
            Token piece = null;
            int end = word.to();
            for (; end > start; end--) {
                String candidate = text.substring(start, end);
                if (start > word.from()) {
                    candidate = continuationPrefix + candidate;
                }
                int id = vocabulary.id(candidate);
                if (id >= 0) {
                    piece = new Token(id, candidate, text.originalStart()[start], text.originalEnd()[end - 1]);
                    break;
                }
            }
            if (piece == null) {
                return List.of(unknown(text, word));
            }
            pieces.add(piece);
            start = end;
        }
        return pieces;
    }

    private Token unknown(NormalizedText text, BertPreTokenizer.Word word) {
        return new Token(vocabulary.id(unknownToken), unknownToken,
                text.originalStart()[word.from()], text.originalEnd()[word.to() - 1]);
    }
}
