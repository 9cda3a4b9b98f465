package dev.course.kernel.protocol;

import java.util.List;

/**
 * How a kernel process is started, for everyone who starts one: the course server's launcher, the
 * Jupyter kernelspec that {@code ./course kernel install} writes, and tests.
 *
 * <pre>
 * java {@link #JVM_FLAGS} [limits] -cp {@link KernelClassPath} {@value #MAIN_CLASS} {@value #STDIO}                   # course server, JSON lines
 * java {@link #JVM_FLAGS} [options] -cp {@link KernelClassPath} {@value #MAIN_CLASS} {@value #CONNECTION_FILE} FILE   # Jupyter, over ZMQ
 * </pre>
 */
public final class KernelLaunch {

    /** The kernel program's main class (named here, not linked, so the protocol does not depend on the kernel). */
    public static final String MAIN_CLASS = "dev.course.kernel.KernelMain";
    /** The argument for JSON lines over stdin and stdout, as the course server speaks. */
    public static final String STDIO = "--stdio";
    /** The argument before a Jupyter connection file, for ZMQ. */
    public static final String CONNECTION_FILE = "--connection-file";

    /**
     * JVM flags every kernel gets:
     * <ul>
     *   <li>{@code --add-modules jdk.incubator.vector}: the engine's vector maths uses the Vector API;
     *   <li>{@code -XX:+UseSerialGC}: one user, one JVM; the serial collector starts fastest and has
     *       the smallest footprint, which matters more than pause times here;
     *   <li>{@code -XX:TieredStopAtLevel} is deliberately not set: lessons run vector maths and
     *       models, which need the optimising compiler;
     *   <li>{@code --enable-native-access=ALL-UNNAMED}: ONNX Runtime and tokenizers load native code;
     *       without it JDK 25 prints a warning into the notebook's log on first use.
     * </ul>
     */
    public static final List<String> JVM_FLAGS = List.of(
            "--add-modules", "jdk.incubator.vector",
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED");

    /**
     * System property ({@code true}): the course server that started this kernel runs the bundled
     * models, and the kernel sends their forward passes over the {@link CommTargets#MODELS} comm.
     */
    public static final String MODEL_SERVICE_PROPERTY = "course.kernel.modelService";
    /**
     * System property: where a kernel that runs the bundled models itself (no model service) keeps
     * their pooled vectors between runs ({@code PooledVectorCache}); {@value #EMBEDDING_CACHE_OFF}
     * for nowhere. Unset: {@code embeddings/batches} in the course's cache folder. The server sets
     * it off for sandboxed kernels: a learner must not write vectors another learner reads.
     */
    public static final String EMBEDDING_CACHE_PROPERTY = "course.kernel.embeddingCache";
    /** The value of {@link #EMBEDDING_CACHE_PROPERTY} that keeps no vectors. */
    public static final String EMBEDDING_CACHE_OFF = "off";
    /** System property: how many throwaway cells the kernel evaluates before it says it is ready. */
    public static final String PRACTICE_CELLS_PROPERTY = "course.kernel.practiceCells";

    private KernelLaunch() {
    }
}
