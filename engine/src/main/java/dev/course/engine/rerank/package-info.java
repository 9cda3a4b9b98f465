/**
 * Second-stage rerankers over any first stage: {@link dev.course.engine.rerank.Reranker},
 * {@link dev.course.engine.rerank.RerankingRetriever}, late interaction
 * ({@link dev.course.engine.rerank.MaxSimReranker}), bi-encoder rescoring
 * ({@link dev.course.engine.rerank.DenseRescoringReranker}) and an ONNX cross-encoder from a
 * user-given path ({@link dev.course.engine.rerank.CrossEncoderReranker}).
 */
package dev.course.engine.rerank;
