package dev.course.engine.embed;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An encoder whose forward pass runs in another process — the course server's model service —
 * so that the process using it never loads ONNX Runtime or the model file.
 *
 * <p>Each call becomes one or more {@link EncoderRequest}s on a {@link ModelChannel}. Pooled
 * vectors are pooled on the other side by {@link Encoder#pooled} (the same code as locally), so
 * a sentence costs 384 floats on the wire instead of 384 per token. A batch larger than
 * {@link #MAX_POSITIONS_PER_REQUEST} is sent in slices of rows, each still padded to the batch's
 * length, so every row is computed exactly as it would be in one piece.
 */
public final class RemoteEncoder implements Encoder {

    /**
     * The most positions (rows x padded length) one request carries: a full batch of 16 windows of
     * 512 tokens, which is also what the model service accepts by default.
     */
    public static final int MAX_POSITIONS_PER_REQUEST = 16 * 512;

    private final ModelSpec spec;
    private final ModelChannel channel;

    public RemoteEncoder(ModelSpec spec, ModelChannel channel) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public Output run(EncoderInput batch) {
        int dim = spec.dimension();
        float[] values = new float[Math.multiplyExact(batch.positions(), dim)];
        int filled = 0;
        for (EncoderInput slice : slices(batch)) {
            EncoderReply reply = channel.exchange(new EncoderRequest(spec.name(), slice, Optional.empty()));
            expectShape(reply, slice.rows(), slice.length(), dim);
            System.arraycopy(reply.values(), 0, values, filled, reply.values().length);
            filled += reply.values().length;
        }
        return new Output(values, new long[] {batch.rows(), batch.length(), dim}, batch.length(), batch.masks());
    }

    @Override
    public float[][] pooled(EncoderInput batch, Pooling pooling) {
        float[][] vectors = new float[batch.rows()][];
        int row = 0;
        for (EncoderInput slice : slices(batch)) {
            EncoderReply reply = channel.exchange(new EncoderRequest(spec.name(), slice, Optional.of(pooling)));
            expectShape(reply, slice.rows(), -1, spec.dimension());
            int dim = spec.dimension();
            for (int r = 0; r < slice.rows(); r++) {
                vectors[row++] = Arrays.copyOfRange(reply.values(), r * dim, (r + 1) * dim);
            }
        }
        return vectors;
    }

    /** The batch cut into row slices that each fit one request. */
    private static java.util.List<EncoderInput> slices(EncoderInput batch) {
        int rowsPerRequest = MAX_POSITIONS_PER_REQUEST / batch.length();
        if (rowsPerRequest < 1) {
            throw new IllegalArgumentException("a sequence of " + batch.length() + " tokens is longer than a model request may be ("
                    + MAX_POSITIONS_PER_REQUEST + ")");
        }
        var slices = new java.util.ArrayList<EncoderInput>();
        for (int from = 0; from < batch.rows(); from += rowsPerRequest) {
            slices.add(from == 0 && rowsPerRequest >= batch.rows() ? batch
                    : batch.slice(from, Math.min(batch.rows(), from + rowsPerRequest)));
        }
        return slices;
    }

    /** A service that answers with the wrong shape is a bug there; say so rather than mis-read floats. */
    private void expectShape(EncoderReply reply, int rows, int length, long dim) {
        long[] expected = length < 0 ? new long[] {rows, dim} : new long[] {rows, length, dim};
        if (!Arrays.equals(reply.shape(), expected)) {
            throw new ModelServiceException("the model service answered " + spec.name() + " with shape "
                    + Arrays.toString(reply.shape()) + ", expected " + Arrays.toString(expected));
        }
    }

    /** Nothing to release: the model lives in the service. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "RemoteEncoder[" + spec.name() + "]";
    }
}
