package dev.course.engine.embed;

/**
 * What to do with a text longer than the encoder's window (512 tokens for BERT-style models).
 * Position embeddings only exist for 512 positions, so the model cannot simply read more.
 */
public enum LongTextPolicy {

    /**
     * Keep the first window and drop the rest; the result says so
     * ({@link Embedding#truncated()}). Fast, and fine when the start of a text says what it is
     * about, which is why chunking texts to fit the window is the usual cure.
     */
    TRUNCATE,

    /**
     * Cut the tokens into consecutive windows, embed each, and average the window vectors weighted
     * by their token counts before normalising. Every word counts, at the cost of one encoder run
     * per window and a blurrier vector for texts that change topic.
     */
    AVERAGE_WINDOWS
}
