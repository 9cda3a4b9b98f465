package dev.course.kernel;

import dev.course.engine.generate.train.TrainedModels;
import dev.course.kernel.io.CellOutput;
import dev.course.kernel.protocol.KernelLaunch;

import java.nio.file.Path;

/**
 * Settings of a kernel process, read from system properties so that they can be given on the
 * {@code java} command line (and in a kernelspec) without touching the protocol arguments.
 *
 * @param maxCellOutputChars {@value #MAX_OUTPUT_PROPERTY}: most characters one cell may print
 * @param debug              {@value #DEBUG_PROPERTY}: log every message handled to stderr
 * @param practiceCells      {@value KernelLaunch#PRACTICE_CELLS_PROPERTY}: throwaway cells evaluated at start-up to warm
 *                           the JIT (the server's warm pool uses them; Jupyter's default is none)
 * @param modelService       {@value KernelLaunch#MODEL_SERVICE_PROPERTY}: the course server that started this kernel offers
 *                           a model service, so the bundled embedding models run there (shared by every
 *                           kernel) instead of in this JVM; never set by Jupyter
 * @param modelTimeoutSeconds {@value #MODEL_TIMEOUT_PROPERTY}: how long one model request may wait for the service
 * @param embeddingCache     {@value KernelLaunch#EMBEDDING_CACHE_PROPERTY}: the folder where models run in this JVM keep
 *                           their pooled vectors between runs, or null for none (also when the model service runs them)
 */
public record KernelOptions(int maxCellOutputChars, boolean debug, int practiceCells, boolean modelService,
                            int modelTimeoutSeconds, Path embeddingCache) {

    /** System property for {@link #maxCellOutputChars()}. */
    public static final String MAX_OUTPUT_PROPERTY = "course.kernel.maxCellOutputChars";

    /** System property for {@link #debug()}. */
    public static final String DEBUG_PROPERTY = "course.kernel.debug";

    /** System property for {@link #modelTimeoutSeconds()}. */
    public static final String MODEL_TIMEOUT_PROPERTY = "course.kernel.modelTimeoutSeconds";

    /** The default of {@link #modelTimeoutSeconds()}: below the server's default cell wall clock of 120 s. */
    public static final int DEFAULT_MODEL_TIMEOUT_SECONDS = 60;

    /** The options a kernel has without any property set, as under Jupyter. */
    public KernelOptions(int maxCellOutputChars, boolean debug, int practiceCells) {
        this(maxCellOutputChars, debug, practiceCells, false, DEFAULT_MODEL_TIMEOUT_SECONDS, null);
    }

    public KernelOptions {
        if (modelTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("modelTimeoutSeconds must be positive: " + modelTimeoutSeconds);
        }
        if (maxCellOutputChars <= 0) {
            throw new IllegalArgumentException("maxCellOutputChars must be positive: " + maxCellOutputChars);
        }
        if (practiceCells < 0) {
            throw new IllegalArgumentException("practiceCells must not be negative: " + practiceCells);
        }
    }

    /** The options of this JVM's system properties, with defaults for those not set. */
    public static KernelOptions fromSystemProperties() {
        return new KernelOptions(
                Integer.getInteger(MAX_OUTPUT_PROPERTY, CellOutput.DEFAULT_MAX_CELL_CHARS),
                Boolean.getBoolean(DEBUG_PROPERTY),
                Integer.getInteger(KernelLaunch.PRACTICE_CELLS_PROPERTY, 0),
                Boolean.getBoolean(KernelLaunch.MODEL_SERVICE_PROPERTY),
                Integer.getInteger(MODEL_TIMEOUT_PROPERTY, DEFAULT_MODEL_TIMEOUT_SECONDS),
                embeddingCacheFolder(System.getProperty(KernelLaunch.EMBEDDING_CACHE_PROPERTY)));
    }

    /**
     * The folder {@value KernelLaunch#EMBEDDING_CACHE_PROPERTY} names: null for
     * {@value KernelLaunch#EMBEDDING_CACHE_OFF}, {@code embeddings/batches} in the course's cache
     * folder when unset or blank.
     */
    static Path embeddingCacheFolder(String property) {
        if (property == null || property.isBlank()) {
            return TrainedModels.cacheDir().resolve("embeddings").resolve("batches");
        }
        return property.strip().equals(KernelLaunch.EMBEDDING_CACHE_OFF) ? null : Path.of(property.strip());
    }
}
