package dev.course.engine.generate.sample;

/** One possible next token with its probability. */
public record Candidate(int token, String text, float probability) {
}
