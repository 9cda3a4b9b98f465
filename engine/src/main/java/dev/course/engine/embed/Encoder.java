package dev.course.engine.embed;

/**
 * Where the transformer's forward pass runs: token ids in, one vector per token out.
 *
 * <p>{@link EmbeddingModel} does everything around it — tokenising, windows for long texts,
 * batching, pooling, normalising — and only asks an {@code Encoder} for the numbers in between.
 * There are two places that can compute them:
 *
 * <ul>
 *   <li>{@link OnnxEncoder}: ONNX Runtime in this process, on the model file from the class path;
 *   <li>{@link RemoteEncoder}: the same {@code OnnxEncoder} in another process (the course
 *       server's model service), reached through a {@link ModelChannel}, so that forty learners'
 *       kernels share one copy of each model instead of loading one each;
 *   <li>{@link RemoteLogitsEncoder}: the same for a model whose output is one row of logits per
 *       input (a pulled cross-encoder), loaded by the service from the course's models folder.
 * </ul>
 *
 * <p>Both give the same floats for the same input: the remote one runs the very same code on the
 * other side. Which one a model gets is decided once, by {@link Encoders}.
 */
public sealed interface Encoder extends AutoCloseable permits OnnxEncoder, RemoteEncoder, RemoteLogitsEncoder {

    /**
     * The graph's first output for a batch: for an encoder the last hidden state
     * {@code [batch][length][dimension]}, for a cross-encoder the logits {@code [batch][1]}.
     *
     * @param values the output, flattened
     * @param shape  its shape
     * @param length the padded sequence length of the batch
     * @param masks  the attention mask of each sequence, padded to {@code length}
     */
    record Output(float[] values, long[] shape, int length, long[][] masks) {

        /** The size of the last axis: the vector size of a hidden state. */
        public int lastDimension() {
            return (int) shape[shape.length - 1];
        }
    }

    /** Runs the graph on a batch. */
    Output run(EncoderInput batch);

    /**
     * One pooled vector per row (not yet normalised): {@link #run} followed by {@code pooling}.
     * A remote encoder asks the other side to pool, so that 384 numbers per text travel instead
     * of 384 per token; the pooling code is this very method either way.
     */
    default float[][] pooled(EncoderInput batch, Pooling pooling) {
        Output output = run(batch);
        int dim = output.lastDimension();
        float[][] vectors = new float[batch.rows()][dim];
        for (int row = 0; row < batch.rows(); row++) {
            pooling.pool(output.values(), row * output.length() * dim, output.length(), dim, output.masks()[row], vectors[row]);
        }
        return vectors;
    }

    /** Releases what the encoder holds (an ONNX session); a remote encoder holds nothing. */
    @Override
    void close();
}
