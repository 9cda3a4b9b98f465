package dev.course.server.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.course.kernel.protocol.Messages;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A kernel that has been started but may not have an owner yet.
 *
 * <p>A kernel is started before anyone needs it (see {@link WarmKernels}), so the messages it writes
 * cannot go to a session chosen at launch. The handle receives them and forwards them to whoever
 * {@link #attach attached}; before that it only watches for the answer to its own
 * {@code kernel_info_request}, which says the kernel is ready: its JShell is up and the compiler warm.
 */
public final class KernelHandle {

    /**
     * How often the handshake asks again. A gateway may not be listening on a new kernel's iopub
     * yet when the first request arrives (Jupyter's own clients ask repeatedly for the same reason);
     * a local kernel simply answers each request in turn.
     */
    private static final Duration HANDSHAKE_RETRY = Duration.ofSeconds(2);

    private final Kernel kernel;
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final Object lock = new Object();
    private final Set<String> handshakeIds = ConcurrentHashMap.newKeySet();
    private final Semaphore startPermits;
    private final AtomicBoolean holdsStartPermit = new AtomicBoolean();
    private Consumer<JsonNode> onMessage;
    private Consumer<Kernel> onExit;
    private boolean exited;

    /** Starts a kernel on the host, after waiting for one of the host's start permits. */
    private KernelHandle(KernelHost host, String kernelId) throws IOException {
        this.startPermits = host.startPermits();
        try {
            startPermits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to start a kernel", e);
        }
        holdsStartPermit.set(true);
        try {
            this.kernel = host.start(kernelId, this::received, this::gone);
        } catch (IOException | RuntimeException e) {
            releaseStartPermit();
            throw e;
        }
    }

    /** Wraps the kernel a host put in a dead one's place (already started; no permit needed). */
    private KernelHandle(KernelHost host, Kernel dead) throws IOException {
        this.startPermits = host.startPermits();
        this.kernel = host.successor(dead, this::received, this::gone).orElse(null);
    }

    private void releaseStartPermit() {
        if (holdsStartPermit.compareAndSet(true, false)) {
            startPermits.release();
        }
    }

    /** Starts a kernel; call {@link #awaitReady} before giving it cells. Starts beyond the host's permits wait their turn. */
    public static KernelHandle launch(KernelHost host, String kernelId) throws IOException {
        return new KernelHandle(host, kernelId);
    }

    /**
     * The kernel that replaced a dead one in place, if the host restarts kernels in place (a
     * gateway); call {@link #awaitReady} before giving it cells. Empty for a local process.
     */
    public static Optional<KernelHandle> successor(KernelHost host, Kernel dead) throws IOException {
        KernelHandle handle = new KernelHandle(host, dead);
        return Optional.ofNullable(handle.kernel).map(kernel -> handle);
    }

    /**
     * Asks the kernel for its info and waits for the answer: a kernel that answers is ready for
     * cells. The timeout counts from the start's turn, not from the wait for a permit.
     *
     * @throws IOException when it dies or does not answer in time (it is then shut down), with why
     */
    public void awaitReady(Duration timeout) throws IOException {
        try {
            handshake(timeout);
        } finally {
            releaseStartPermit();
        }
    }

    private void handshake(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                ObjectNode info = Messages.request("shell", "kernel_info_request", "launcher", Messages.JSON.createObjectNode());
                handshakeIds.add(Messages.msgId(info));
                kernel.send(info);
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new TimeoutException();
                }
                try {
                    ready.get(Math.min(left, HANDSHAKE_RETRY.toMillis()), TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException askAgain) {
                    if (System.nanoTime() >= deadline) {
                        throw askAgain;
                    }
                }
            }
        } catch (TimeoutException | ExecutionException e) {
            boolean timedOut = e instanceof TimeoutException;
            String why = timedOut ? "the kernel did not answer within " + timeout.toSeconds() + " s"
                    : "the kernel exited while starting (" + kernel.describeDeath() + ")";
            kernel.shutdown();
            throw new IOException(why + withStderr(), e);
        } catch (InterruptedException e) {
            kernel.shutdown(); // before the interrupt is set again: a gateway needs its DELETE to go out
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the kernel", e);
        }
    }

    private String withStderr() {
        String tail = kernel.stderrTail();
        return tail.isBlank() ? "" : ": " + tail;
    }

    /**
     * From now on the kernel's messages go to {@code onMessage} and its death to {@code onExit}. If it
     * has already died, {@code onExit} is told at once.
     */
    public void attach(Consumer<JsonNode> onMessage, Consumer<Kernel> onExit) {
        boolean alreadyGone;
        synchronized (lock) {
            this.onMessage = onMessage;
            this.onExit = onExit;
            alreadyGone = exited;
        }
        if (alreadyGone) {
            onExit.accept(kernel);
        }
    }

    public Kernel kernel() {
        return kernel;
    }

    public boolean isAlive() {
        return kernel.isAlive();
    }

    private void received(JsonNode message) {
        String parent = Messages.parentId(message);
        if (handshakeIds.contains(parent)) {
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

    private void gone(Kernel gone) {
        ready.completeExceptionally(new IOException("kernel exited"));
        Consumer<Kernel> target;
        synchronized (lock) {
            exited = true;
            target = onExit;
        }
        if (target != null) {
            target.accept(gone);
        }
    }
}
