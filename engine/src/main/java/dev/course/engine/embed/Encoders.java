package dev.course.engine.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Decides, for every {@link EmbeddingModel}, where its encoder runs.
 *
 * <p>By default in this process: {@link #local} loads the ONNX graph from the class path into
 * ONNX Runtime. A host process that can do better installs an {@link EncoderProvider} once, at
 * start-up, before any model is loaded: the course's kernel, when the course server offers a model
 * service, installs one that returns {@link RemoteEncoder}s, so forty kernels share the server's
 * one copy of each model. The engine itself never knows about kernels or servers; this is the
 * whole hook.
 */
public final class Encoders {

    private static final Logger LOG = Logger.getLogger(Encoders.class.getName());

    private static volatile EncoderProvider provider;
    private static volatile PooledVectorCache keptVectors;

    private Encoders() {
    }

    /**
     * Makes every model loaded from now on ask {@code provider} first.
     *
     * @throws IllegalStateException when a provider is already installed (there is one host)
     */
    public static synchronized void install(EncoderProvider newProvider) {
        Objects.requireNonNull(newProvider, "provider");
        if (provider != null) {
            throw new IllegalStateException("an encoder provider is already installed: " + provider);
        }
        provider = newProvider;
    }

    /** Removes the installed provider, if any (for tests). */
    public static synchronized void uninstall() {
        provider = null;
    }

    /**
     * Makes every model loaded from now on whose forward pass runs in this process keep its pooled
     * vectors in {@code cache} ({@link PooledVectorCache}), so that a batch computed by an earlier
     * process is read instead of computed. The course's kernel does this outside the sandbox and
     * without a model service (Jupyter, {@code ./course kernel run}); the engine alone never does.
     */
    public static void keepPooledVectors(PooledVectorCache cache) {
        keptVectors = Objects.requireNonNull(cache, "cache");
    }

    /** Stops keeping pooled vectors for models loaded from now on (for tests). */
    public static void stopKeepingPooledVectors() {
        keptVectors = null;
    }

    /** The cache models loaded now keep their pooled vectors in, if any. */
    static PooledVectorCache pooledVectorCache() {
        return keptVectors;
    }

    /** The encoder for a model: the installed provider's, else a local one. */
    public static Encoder open(ModelSpec spec) {
        EncoderProvider current = provider;
        if (current != null) {
            var provided = current.encoderFor(spec);
            if (provided.isPresent()) {
                LOG.fine(() -> spec.name() + " runs in " + provided.get());
                return provided.get();
            }
        }
        return local(spec);
    }

    /**
     * The encoder for a model file outside the class path (a pulled cross-encoder): the installed
     * provider's (the course server's one copy), else ONNX Runtime in this process on the file.
     */
    public static Encoder openFile(String name, Path file) throws IOException {
        EncoderProvider current = provider;
        if (current != null) {
            var provided = current.encoderForFile(name, file);
            if (provided.isPresent()) {
                LOG.fine(() -> name + " runs in " + provided.get());
                return provided.get();
            }
        }
        return new OnnxEncoder(Files.readAllBytes(file));
    }

    /** ONNX Runtime in this process, on the spec's graph from the class path. */
    public static OnnxEncoder local(ModelSpec spec) {
        return new OnnxEncoder(EmbeddingModel.readResource(spec.onnxResource()));
    }
}
