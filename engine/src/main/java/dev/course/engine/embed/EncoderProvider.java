package dev.course.engine.embed;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A host process's say in where a model's forward pass runs (see {@link Encoders#install}).
 * The course's kernel installs one that sends the bundled models to the course server's model
 * service; any spec it does not claim is loaded locally.
 */
@FunctionalInterface
public interface EncoderProvider {

    /** An encoder for this model, or empty to load it locally as usual. */
    Optional<Encoder> encoderFor(ModelSpec spec);

    /**
     * An encoder for a model file in the course's models folder (a pulled cross-encoder), or empty
     * to load the file locally as usual (the default).
     *
     * @param name the model's name in the models folder
     * @param file its ONNX file
     */
    default Optional<Encoder> encoderForFile(String name, Path file) {
        return Optional.empty();
    }
}
