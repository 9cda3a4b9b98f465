package dev.course.engine.rag;

import java.util.List;

/**
 * Writes an answer to a question from numbered passages, citing them. The pipeline depends only on
 * this, so the deterministic {@link ExtractiveAnswerer} and a language model ({@link LlmAnswerer})
 * are interchangeable, and the same {@link GroundingChecks} judge both.
 */
public interface Answerer {

    /** A short name that answers carry, e.g. {@code extractive} or {@code llm(SmolLM2...)}. */
    String name();

    /** The answer to {@code question} using only {@code passages} (numbered from 1). */
    Answer answer(String question, List<Passage> passages);
}
