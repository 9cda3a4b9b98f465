/**
 * How embedding models learn: contrastive training with in-batch negatives, small enough to run in
 * a cell.
 *
 * <p>A sentence encoder is trained on pairs (a question and a passage that answers it). For a batch
 * of pairs, {@link dev.course.engine.contrastive.InBatchLoss} scores every question against every
 * passage and asks for the question's own passage to win a softmax over all of them: the other
 * passages of the batch are the negatives, for free. {@link dev.course.engine.contrastive.SimilarityMatrix}
 * draws such a batch. {@link dev.course.engine.contrastive.QueryAdapter} trains the smallest thing
 * that can learn from this loss without retraining the encoder: one matrix applied to query vectors,
 * so the documents' vectors (and the index) stay as they are.
 */
package dev.course.engine.contrastive;
