package dev.course.engine.embed;

import java.util.Objects;
import java.util.Optional;

/**
 * A model whose output is one row of logits per input sequence (a cross-encoder: one relevance
 * logit per (query, passage) pair), run in another process — the course server's model service —
 * so that every kernel scores with the server's one copy instead of loading its own.
 *
 * <p>A batch is one request: the cross-encoder sends at most {@code CrossEncoderReranker.BATCH_SIZE}
 * pairs of at most 512 tokens, which the service's limits accept. The service runs the very
 * {@link OnnxEncoder} it would run here and sends back the graph's first output as it is.
 */
public final class RemoteLogitsEncoder implements Encoder {

    private final String model;
    private final ModelChannel channel;

    /**
     * @param model   the name the service knows the model by (a pulled model's folder name)
     * @param channel the way to the service
     */
    public RemoteLogitsEncoder(String model, ModelChannel channel) {
        this.model = Objects.requireNonNull(model, "model");
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public Output run(EncoderInput batch) {
        EncoderReply reply = channel.exchange(new EncoderRequest(model, batch, Optional.empty()));
        long[] shape = reply.shape();
        if (shape.length != 2 || shape[0] != batch.rows()) {
            throw new ModelServiceException("the model service answered " + model + " with shape "
                    + java.util.Arrays.toString(shape) + ", expected one row of logits for each of " + batch.rows() + " inputs");
        }
        return new Output(reply.values(), shape, batch.length(), batch.masks());
    }

    /** Logits are not token vectors: there is nothing to pool. */
    @Override
    public float[][] pooled(EncoderInput batch, Pooling pooling) {
        throw new UnsupportedOperationException(model + " outputs logits, not token vectors to pool");
    }

    /** Nothing to release: the model lives in the service. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "RemoteLogitsEncoder[" + model + "]";
    }
}
