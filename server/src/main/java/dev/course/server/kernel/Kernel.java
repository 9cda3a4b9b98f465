package dev.course.server.kernel;

import com.fasterxml.jackson.databind.JsonNode;

import dev.course.kernel.protocol.Messages;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running kernel as a {@link KernelSession} sees it: a pipe for Jupyter messages plus the few
 * things only the place it runs can do — interrupt it, end it, say why it died.
 *
 * <p>A kernel is one life: once it has died (exited, been killed, restarted by a gateway) it stays
 * dead, and the session takes a replacement from its {@link KernelHost}. Messages arrive at the
 * consumer given when it was started; its death is reported once to the exit consumer.
 */
public sealed interface Kernel permits KernelProcess, GatewayKernel {

    /** Sends one message (with its {@code channel} field); false if the kernel is gone. */
    boolean send(JsonNode message);

    /**
     * Asks the running cell to stop. A local kernel gets an {@code interrupt_request} on its
     * control channel; a gateway kernel is interrupted through the REST API, which does the same.
     *
     * @param session the session name for the request's header
     */
    void interrupt(String session);

    boolean isAlive();

    /**
     * Ends this kernel's life now, without its cooperation, because a cell would not stop or the
     * learner wants a fresh kernel; its state is lost. Returns at once: {@link #awaitExit} waits.
     */
    void kill();

    /** Ends the kernel for good, asking it politely first: nobody needs it any more. Waits a bounded time. */
    void shutdown();

    /** Waits up to the timeout for the kernel to be dead. */
    boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException;

    /** Why it died, for the learner ("it ran out of memory"); "it is still running" while it runs. */
    String describeDeath();

    /** Memory the kernel uses now, or -1 where this server cannot know (no cgroup, or a remote kernel). */
    long memoryUsageBytes();

    /** A short name for logs: a pid or a gateway kernel id. */
    String describe();

    /** The pid of its outermost process on this machine, or -1 for a kernel on a gateway. */
    long pid();

    /** Its processes on this machine now (the sandbox's wrappers, the JVM, what it started); none for a remote kernel. */
    List<ProcessHandle> processTree();

    /** The limits of its cgroup as read back now (file name to value); empty without a cgroup or for a remote kernel. */
    Map<String, String> cgroupLimits();

    /** The last lines it wrote to stderr, to explain a failed start or a death; empty where this server cannot see them. */
    String stderrTail();
}
