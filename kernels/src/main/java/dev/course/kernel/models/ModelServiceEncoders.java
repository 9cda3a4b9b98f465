package dev.course.kernel.models;

import dev.course.engine.embed.Encoder;
import dev.course.engine.embed.EncoderProvider;
import dev.course.engine.embed.ModelSpec;
import dev.course.engine.embed.ModelChannel;
import dev.course.engine.embed.RemoteEncoder;
import dev.course.engine.embed.RemoteLogitsEncoder;
import dev.course.engine.generate.ModelResolver;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sends the bundled models' forward passes to the model service, and those of a model installed in
 * the course's models folder (a pulled cross-encoder, which the server loads from the same folder);
 * any other model (a learner's own ONNX file, say) is loaded in the kernel as usual.
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

    /** A file directly in a model's folder of the course's models folder: the server has the same file. */
    @Override
    public Optional<Encoder> encoderForFile(String name, Path file) {
        Path folder = ModelResolver.Roots.pulledRoot().resolve(name).normalize();
        boolean installed = file.toAbsolutePath().normalize().getParent().equals(folder);
        return installed ? Optional.of(new RemoteLogitsEncoder(name, channel)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "the course server's model service";
    }
}
