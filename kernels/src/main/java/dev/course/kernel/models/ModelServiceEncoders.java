package dev.course.kernel.models;

import dev.course.engine.embed.Encoder;
import dev.course.engine.embed.EncoderProvider;
import dev.course.engine.embed.ModelSpec;
import dev.course.engine.embed.ModelChannel;
import dev.course.engine.embed.RemoteEncoder;
import java.util.Optional;

/**
 * Sends the bundled models' forward passes to the model service; any other model (a learner's own
 * ONNX file, say) is loaded in the kernel as usual.
 */
public final class ModelServiceEncoders implements EncoderProvider {

    private final ModelChannel channel;

    public ModelServiceEncoders(ModelChannel channel) {
        this.channel = channel;
    }

    @Override
    public Optional<Encoder> encoderFor(ModelSpec spec) {
        return spec.isBundled() ? Optional.of(new RemoteEncoder(spec, channel)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "the course server's model service";
    }
}
