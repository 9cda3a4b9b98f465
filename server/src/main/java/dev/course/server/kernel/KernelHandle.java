package dev.course.server.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A kernel process that has been started but may not have an owner yet.
 *
 * <p>A kernel is started before anyone needs it (see {@link WarmKernels}), so the messages it writes
 * cannot go to a session chosen at launch. The handle receives them and forwards them to whoever
 * {@link #attach attached}; before that it only watches for the answer to its own
 * {@code kernel_info_request}, which says the kernel is ready: its JShell is up and the compiler warm.
 */
public final class KernelHandle {

    private final KernelProcess process;
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final Object lock = new Object();
    private volatile String handshakeId = "";
    private Consumer<JsonNode> onMessage;
    private Consumer<KernelProcess> onExit;
    private boolean exited;

    /**
     * How many kernels may be starting at once. A JVM start is a burst of CPU; forty of them at once
     * on two cores starve each other (and the kernels already running) until start-up times out.
     * Starts beyond this wait their turn, and a start's timeout counts from its turn.
     */
    static final int MAX_CONCURRENT_STARTS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final java.util.concurrent.Semaphore STARTS = new java.util.concurrent.Semaphore(MAX_CONCURRENT_STARTS, true);

    private final java.util.concurrent.atomic.AtomicBoolean holdsStartPermit = new java.util.concurrent.atomic.AtomicBoolean();

    private KernelHandle(KernelLauncher launcher, String kernelId) throws IOException {
        try {
            STARTS.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to start a kernel", e);
        }
        holdsStartPermit.set(true);
        try {
            this.process = launcher.launch(kernelId, this::received, this::gone);
        } catch (IOException | RuntimeException e) {
            releaseStartPermit();
            throw e;
        }
    }

    private void releaseStartPermit() {
        if (holdsStartPermit.compareAndSet(true, false)) {
            STARTS.release();
        }
    }

    /** Starts a kernel process; call {@link #awaitReady} before giving it cells. */
    public static KernelHandle launch(KernelLauncher launcher, String kernelId) throws IOException {
        return new KernelHandle(launcher, kernelId);
    }

    /**
     * Asks the kernel for its info and waits for the answer: a kernel that answers is ready for cells.
     *
     * @throws IOException when it exits or does not answer in time (it is then killed), with its last stderr lines
     */
    public void awaitReady(Duration timeout) throws IOException {
        try {
            handshake(timeout);
        } finally {
            releaseStartPermit();
        }
    }

    private void handshake(Duration timeout) throws IOException {
        ObjectNode info = Messages.request("shell", "kernel_info_request", "launcher", Messages.JSON.createObjectNode());
        handshakeId = Messages.msgId(info);
        process.send(info);
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            String tail = process.stderrTail();
            boolean timedOut = e instanceof TimeoutException;
            process.kill();
            throw new IOException((timedOut ? "the kernel did not answer within " + timeout.toSeconds() + " s"
                    : "the kernel exited while starting (" + KernelSession.describeDeath(process) + ")")
                    + (tail.isBlank() ? "" : ": " + tail), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
            throw new IOException("interrupted while starting the kernel", e);
        }
    }

    /**
     * From now on the kernel's messages go to {@code onMessage} and its death to {@code onExit}. If it
     * has already exited, {@code onExit} is told at once.
     */
    public void attach(Consumer<JsonNode> onMessage, Consumer<KernelProcess> onExit) {
        boolean alreadyGone;
        synchronized (lock) {
            this.onMessage = onMessage;
            this.onExit = onExit;
            alreadyGone = exited;
        }
        if (alreadyGone) {
            onExit.accept(process);
        }
    }

    public KernelProcess process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void received(JsonNode message) {
        String parent = Messages.parentId(message);
        if (!handshakeId.isEmpty() && parent.equals(handshakeId)) {
            if (Messages.msgType(message).equals("kernel_info_reply")) {
                ready.complete(message.path("content"));
            }
            return; // its busy/idle belong to no cell
        }
        Consumer<JsonNode> target;
        synchronized (lock) {
            target = onMessage;
        }
        if (target != null) {
            target.accept(message);
        }
    }

    private void gone(KernelProcess gone) {
        ready.completeExceptionally(new IOException("kernel exited"));
        Consumer<KernelProcess> target;
        synchronized (lock) {
            exited = true;
            target = onExit;
        }
        if (target != null) {
            target.accept(gone);
        }
    }
}
