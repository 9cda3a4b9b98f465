/**
 * Measuring a RAG system: a question set with the passages that answer it (and questions the
 * sources cannot answer), the metrics of {@link dev.course.engine.rag.eval.RagEvaluation}, the
 * long-context comparison of {@link dev.course.engine.rag.eval.LongContextComparison}, and
 * {@link dev.course.engine.rag.eval.ClosestPassage}, the score an abstention threshold cuts.
 */
package dev.course.engine.rag.eval;
