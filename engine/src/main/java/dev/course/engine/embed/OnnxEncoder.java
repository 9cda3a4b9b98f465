package dev.course.engine.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * A BERT-style encoder graph run with ONNX Runtime in this process: token ids in, one vector per
 * token out. The course server's model service runs this same class for every kernel (see
 * {@link Encoder} and {@link RemoteEncoder}).
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
public final class OnnxEncoder implements Encoder {

    /** The intra-op threads per session: one, see the class comment. */
    public static final int INTRA_OP_THREADS = 1;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean wantsTokenTypes;
    private final String graphChecksum;

    public OnnxEncoder(byte[] onnxModel) {
        Objects.requireNonNull(onnxModel, "onnxModel");
        CRC32C crc = new CRC32C();
        crc.update(onnxModel);
        this.graphChecksum = onnxModel.length + "-" + Long.toHexString(crc.getValue());
        this.environment = OrtEnvironment.getEnvironment();
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
     * The graph's size and CRC-32C, which tell one model file from another (a cheap fingerprint,
     * about 10 ms for MiniLM's 90 MB, not a defence: {@link PooledVectorCache} keys its files with it).
     */
    public String graphChecksum() {
        return graphChecksum;
    }

    /** Runs the graph on a batch. */
    @Override
    public Output run(EncoderInput batch) {
        long[] shape = {batch.rows(), batch.length()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.ids()), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.flatMask()), shape));
            if (wantsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.typeIds()), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                FloatBuffer buffer = output.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                return new Output(values, output.getInfo().getShape(), batch.length(), batch.masks());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch.rows() + " x " + batch.length(), e);
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

    @Override
    public String toString() {
        return "OnnxEncoder[in this process]";
    }
}
