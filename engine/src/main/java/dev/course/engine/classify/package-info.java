/**
 * Classification and clustering with embeddings: what sentence embeddings do reliably besides search.
 *
 * <p>Every class here works on {@link dev.course.engine.classify.Example}s, a text with its label
 * and its embedding. {@link dev.course.engine.classify.Classifier} is the one contract;
 * {@link dev.course.engine.classify.MajorityClassifier} is the baseline any classifier must beat,
 * {@link dev.course.engine.classify.KnnClassifier} asks the nearest labelled examples,
 * {@link dev.course.engine.classify.SoftmaxRegression} learns one weight vector per label, and
 * {@link dev.course.engine.classify.ZeroShotClassifier} needs no examples at all, only a sentence
 * describing each label. {@link dev.course.engine.classify.KMeans} finds groups without labels,
 * and {@link dev.course.engine.classify.ClusterMap} draws them.
 */
package dev.course.engine.classify;
