package dev.course.engine.eval;

import java.util.Objects;

/** A test query: its id as the judgements name it, and its text. */
public record EvalQuery(String id, String text) {

    public EvalQuery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }
}
