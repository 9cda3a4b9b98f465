/**
 * Retrieval-augmented generation, built so that every answer can be checked.
 *
 * <p>A {@link dev.course.engine.rag.RagPipeline} routes a question to a {@link dev.course.engine.rag.KnowledgeSource},
 * rewrites it into search queries, retrieves (in several steps when the first one leaves parts of the
 * question uncovered), numbers the passages it found, and hands them to an {@link dev.course.engine.rag.Answerer}:
 * the deterministic {@link dev.course.engine.rag.ExtractiveAnswerer} by default, or a language model through
 * {@link dev.course.engine.rag.LlmAnswerer}. {@link dev.course.engine.rag.GroundingChecks} then verify the
 * citations like unit tests verify code, and the whole run is kept as a trace that renders in a lesson.
 *
 * <p>Sub-packages: {@code tools} (a tool-call protocol and loop) and {@code eval} (question sets and metrics).
 */
package dev.course.engine.rag;
