package dev.course.engine.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.course.engine.tokenize.Encoding;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A BERT-style encoder graph run with ONNX Runtime: token ids in, one vector per token out.
 *
 * <p>Several encodings can run in one call. They are padded to the longest with the pad id, and
 * the attention mask (1 for real tokens, 0 for padding) keeps the padding from being attended to.
 * The model still computes the padded positions, which is why batches should hold texts of similar
 * length.
 *
 * <p>Threads: the session is created with one intra-op and one inter-op thread. ONNX Runtime's
 * default is a thread pool per session as large as the machine; with several Java threads each
 * calling the model, those pools fight for the same cores. One thread per call and parallelism
 * across Java threads (an {@code OrtSession} may be run from several threads at once) keeps every
 * core busy without oversubscription.
 */
public final class OnnxEncoder implements AutoCloseable {

    /** The intra-op threads per session: one, see the class comment. */
    public static final int INTRA_OP_THREADS = 1;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean wantsTokenTypes;
    private final long padId;

    public OnnxEncoder(byte[] onnxModel, long padId) {
        Objects.requireNonNull(onnxModel, "onnxModel");
        this.environment = OrtEnvironment.getEnvironment();
        this.padId = padId;
        try (var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(INTRA_OP_THREADS);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = environment.createSession(onnxModel, options);
            this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the model", e);
        }
    }

    /**
     * The graph's first output for a batch: for an encoder the last hidden state
     * {@code [batch][length][dimension]}, for a cross-encoder the logits {@code [batch][1]}.
     *
     * @param values the output, flattened
     * @param shape  its shape
     * @param length the padded sequence length of the batch
     * @param masks  the attention mask of each sequence, padded to {@code length}
     */
    public record Output(float[] values, long[] shape, int length, long[][] masks) {

        /** The size of the last axis: the vector size of a hidden state. */
        public int lastDimension() {
            return (int) shape[shape.length - 1];
        }
    }

    /** Runs the graph on a batch. */
    public Output run(List<Encoding> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int rows = batch.size();
        int length = batch.stream().mapToInt(Encoding::length).max().orElseThrow();
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] types = new long[rows * length];
        long[][] masks = new long[rows][length];
        java.util.Arrays.fill(ids, padId);
        for (int r = 0; r < rows; r++) {
            Encoding e = batch.get(r);
            long[] rowIds = e.ids();
            System.arraycopy(rowIds, 0, ids, r * length, rowIds.length);
            System.arraycopy(e.typeIds(), 0, types, r * length, rowIds.length);
            java.util.Arrays.fill(mask, r * length, r * length + rowIds.length, 1L);
            java.util.Arrays.fill(masks[r], 0, rowIds.length, 1L);
        }
        long[] shape = {rows, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                FloatBuffer buffer = output.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                return new Output(values, output.getInfo().getShape(), length, masks);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + rows + " x " + length, e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
