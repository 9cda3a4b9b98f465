package dev.course.engine.embed;

import dev.course.engine.tokenize.Token;

import java.util.List;

/**
 * One unit vector per token of a text, straight from the encoder's last layer: what late
 * interaction (ColBERT-style MaxSim) compares instead of a single pooled vector.
 *
 * @param tokens  the content tokens ([CLS] and [SEP] left out)
 * @param vectors one unit-length vector per token, in the same order
 */
public record TokenVectors(List<Token> tokens, float[][] vectors) {

    public TokenVectors {
        tokens = List.copyOf(tokens);
        if (tokens.size() != vectors.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + vectors.length + " vectors");
        }
    }

    public int size() {
        return vectors.length;
    }
}
