/**
 * Measuring retrieval: {@link dev.course.engine.eval.Metrics} (nDCG, recall, MRR, MAP), test
 * collections ({@link dev.course.engine.eval.CranfieldReader}, {@link dev.course.engine.eval.BeirReader})
 * and {@link dev.course.engine.eval.PipelineEvaluation}, which compares search pipelines on one.
 */
package dev.course.engine.eval;
