package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import com.fasterxml.jackson.databind.JsonNode;
import dev.course.server.models.ModelService;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Where learners' kernels run: on this machine as sandboxed child processes ({@link KernelLauncher}),
 * or on a Jupyter Server / Kernel Gateway / Enterprise Gateway ({@link GatewayKernels}). Sessions,
 * the warm pool and the kernel pool only talk to this interface, so everything a learner sees —
 * streaming, interrupts, the wall clock, restarts, culling — is the same code for both.
 */
public sealed interface KernelHost extends AutoCloseable permits KernelLauncher, GatewayKernels {

    /**
     * Starts one kernel. It may not be ready for cells yet: {@link KernelHandle} waits for its
     * {@code kernel_info_reply}.
     *
     * @param name      a name for logs (letters, digits, dashes)
     * @param onMessage receives every message the kernel sends, on a reader thread
     * @param onExit    told once when the kernel has died
     */
    Kernel start(String name, Consumer<JsonNode> onMessage, Consumer<Kernel> onExit) throws IOException;

    /**
     * The kernel that took a dead one's place by itself, if this host restarts kernels in place (a
     * gateway restarts a kernel that exited, and our REST restart keeps its id); empty when the
     * caller must start or adopt another. A host that returns empty has let go of the dead kernel.
     */
    Optional<Kernel> successor(Kernel dead, Consumer<JsonNode> onMessage, Consumer<Kernel> onExit) throws IOException;

    /** The cell wall clock and interrupt grace (the other limits apply only where this host enforces them). */
    KernelLimits limits();

    /**
     * The server's model service these kernels send their bundled models' forward passes to, or null
     * when they load the models themselves (as every kernel on a gateway does).
     */
    ModelService modelService();

    /** What isolates kernels, for the page's badge title and the startup log. */
    String describe();

    /** Whether the kernels run on another machine ("remote" on the page's badge). */
    boolean remote();

    /** Whether this server itself sandboxes the kernels it runs (false for remote ones: that is the gateway's job). */
    boolean sandboxed();

    /** The memory limit of one kernel, if this server knows it. */
    OptionalInt memoryLimitMegabytes();

    /**
     * How many kernels may be starting at once. A JVM start is a burst of CPU on whichever machine
     * runs it; starts beyond these permits wait their turn.
     */
    Semaphore startPermits();

    /** Lets go of whatever the host still holds (a gateway: deletes every kernel this server started there). */
    @Override
    void close();
}
