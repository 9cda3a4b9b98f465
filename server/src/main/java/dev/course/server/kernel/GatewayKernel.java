package dev.course.server.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Messages;
import dev.course.server.remote.ChannelsSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One life of a kernel on a Jupyter Server or gateway: messages over its channels WebSocket,
 * interrupt and restart through the REST API ({@link GatewayKernels} holds the client).
 *
 * <p>The life ends when the server announces {@code restarting} (the kernel exited — System.exit, a
 * crash, out of memory — and the server starts it again under the same id), {@code dead} (it could
 * not), when our own REST restart returns, or when the socket is lost. A restarted kernel's next
 * life is another {@code GatewayKernel} on the same id with a fresh socket, so a session handles
 * every death the same way it does for a local process.
 */
public final class GatewayKernel implements Kernel {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayKernel.class);

    private final GatewayKernels gateway;
    private final String id;
    private final Consumer<JsonNode> onMessage;
    private final Consumer<Kernel> onExit;
    private final CountDownLatch dead = new CountDownLatch(1);
    private final AtomicBoolean killing = new AtomicBoolean();
    private volatile ChannelsSocket socket;
    private volatile String deathReason = "it is still running";
    private volatile boolean restartedInPlace;

    private GatewayKernel(GatewayKernels gateway, String id, Consumer<JsonNode> onMessage, Consumer<Kernel> onExit) {
        this.gateway = gateway;
        this.id = id;
        this.onMessage = onMessage;
        this.onExit = onExit;
    }

    /** Connects to a kernel the gateway runs (just started, or restarted in place). */
    static GatewayKernel connect(GatewayKernels gateway, String id, Consumer<JsonNode> onMessage, Consumer<Kernel> onExit)
            throws IOException {
        GatewayKernel kernel = new GatewayKernel(gateway, id, onMessage, onExit);
        try {
            kernel.socket = gateway.client().openChannels(id, kernel::received,
                    reason -> kernel.died("the connection to the gateway was lost (" + reason + ")", false));
            if (!kernel.isAlive()) {
                kernel.socket.close(); // it died while the socket was opening
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to gateway kernel " + id, e);
        }
        return kernel;
    }

    /** The gateway's id of this kernel, used in its REST URLs. */
    public String id() {
        return id;
    }

    /** Whether the gateway restarted this kernel under the same id when this life ended. */
    boolean restartedInPlace() {
        return restartedInPlace;
    }

    private void received(JsonNode message) {
        if (Messages.channel(message).equals("iopub") && Messages.msgType(message).equals("status")) {
            switch (message.path("content").path("execution_state").asText()) {
                case "restarting" -> {
                    died("it stopped (System.exit, a crash or running out of memory) and the gateway started it again", true);
                    return;
                }
                case "dead" -> {
                    died("it died and the gateway could not start it again", false);
                    return;
                }
                default -> {
                    // busy, idle, starting: the session's business
                }
            }
        }
        if (isAlive()) {
            onMessage.accept(message);
        }
    }

    /** Ends this life once: the first reason wins, the socket closes, the owner is told. */
    private void died(String reason, boolean inPlace) {
        synchronized (this) {
            if (dead.getCount() == 0) {
                return;
            }
            deathReason = reason;
            restartedInPlace = inPlace;
            dead.countDown();
        }
        LOG.debug("gateway kernel {}: {}", id, reason);
        ChannelsSocket current = socket;
        if (current != null) {
            // Not on the socket's own listener thread, which may be the caller: closing waits for the close frame.
            Thread.ofVirtual().start(current::close);
        }
        onExit.accept(this);
    }

    @Override
    public boolean send(JsonNode message) {
        ChannelsSocket current = socket;
        if (!isAlive() || current == null) {
            return false;
        }
        try {
            current.send(message);
            return true;
        } catch (IOException e) {
            LOG.debug("gateway kernel {}: {}", id, e.getMessage());
            return false;
        }
    }

    /** {@code POST /api/kernels/{id}/interrupt}, off the caller's thread (it is an HTTP round trip). */
    @Override
    public void interrupt(String session) {
        if (isAlive()) {
            Thread.ofVirtual().name("gateway-interrupt-" + id).start(() -> gateway.interrupt(id));
        }
    }

    @Override
    public boolean isAlive() {
        return dead.getCount() > 0;
    }

    /**
     * Restarts the kernel through the REST API ({@code POST …/restart}), which stops it whether or
     * not it listens; this life ends when the gateway has started it again, and the session's next
     * kernel is the same id. If the restart fails the kernel is deleted instead, and the session
     * starts another.
     */
    @Override
    public void kill() {
        if (!isAlive() || !killing.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("gateway-restart-" + id).start(() -> {
            if (gateway.restart(id)) {
                died("it was restarted through the gateway", true);
            } else {
                gateway.delete(id);
                died("it could not be restarted through the gateway and was deleted", false);
            }
        });
    }

    /** Deletes the kernel on the gateway ({@code DELETE /api/kernels/{id}}: the server asks it to shut down, then kills it). */
    @Override
    public void shutdown() {
        died("it was shut down", false);
        gateway.delete(id);
    }

    @Override
    public boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        return dead.await(timeout, unit);
    }

    @Override
    public String describeDeath() {
        return deathReason;
    }

    /** Unknown: the gateway's API does not report a kernel's memory (its pod's limits are the cluster's business). */
    @Override
    public long memoryUsageBytes() {
        return -1;
    }

    @Override
    public String describe() {
        return "gateway kernel " + id;
    }

    /** None here: the kernel's process runs on the gateway's machine. */
    @Override
    public long pid() {
        return -1;
    }

    @Override
    public List<ProcessHandle> processTree() {
        return List.of();
    }

    @Override
    public Map<String, String> cgroupLimits() {
        return Map.of();
    }

    /** The gateway keeps its kernels' stderr; the channels socket carries only messages. */
    @Override
    public String stderrTail() {
        return "";
    }
}
