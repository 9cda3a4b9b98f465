package dev.course.server.modelhub;

import java.util.Locale;

/** What a model does in the course. */
public enum ModelKind {
    /** Turns a text into one vector (dense search). */
    ENCODER,
    /** Scores a (query, passage) pair read together (reranking). */
    CROSS_ENCODER,
    /** Writes text token by token (answers, the transformer lessons). */
    GENERATOR,
    /** A file the course cannot place (an ONNX graph pulled by its path, say). */
    OTHER;

    /** The word {@code models list} prints: {@code encoder}, {@code cross-encoder}, {@code generator}, {@code other}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
