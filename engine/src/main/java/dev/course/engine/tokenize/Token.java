package dev.course.engine.tokenize;

/**
 * One token: its vocabulary id, its text as the vocabulary spells it (continuations start with
 * {@code ##}) and the span {@code [start, end)} of the original text it came from, in UTF-16
 * indices, so {@code original.substring(start, end)} is the source of the token. Special tokens
 * that the tokenizer adds ({@code [CLS]}, {@code [SEP]}) have the empty span {@code [0, 0)}.
 */
public record Token(int id, String text, int start, int end) {

    public Token {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }
}
