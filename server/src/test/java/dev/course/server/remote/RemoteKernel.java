package dev.course.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Messages;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A kernel on a Jupyter Server or gateway, spoken to over its channels WebSocket.
 *
 * <p>Each WebSocket text frame is one Jupyter message as JSON with a {@code channel} field: exactly
 * the line format of our stdio transport, so requests are built with {@link Messages}. Replies and
 * iopub messages are routed to the request they answer by {@code parent_header.msg_id}; a request is
 * done once both its shell reply and its {@code status: idle} have arrived, since iopub and shell
 * are separate streams on the kernel side and either may come last.
 */
public final class RemoteKernel implements AutoCloseable {

    private final String session;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile ChannelsSocket socket;

    private RemoteKernel(String session) {
        this.session = session;
    }

    /** Opens the kernel's channels WebSocket ({@code /api/kernels/{id}/channels}), token in the header. */
    static RemoteKernel connect(JupyterServerClient client, String id) throws IOException, InterruptedException {
        return connect(client, id, false);
    }

    /** The same with the token as {@code ?token=} (see {@link JupyterServerClient#openChannels}). */
    static RemoteKernel connectWithQueryToken(JupyterServerClient client, String id) throws IOException, InterruptedException {
        return connect(client, id, true);
    }

    private static RemoteKernel connect(JupyterServerClient client, String id, boolean tokenInQuery)
            throws IOException, InterruptedException {
        RemoteKernel kernel = new RemoteKernel(UUID.randomUUID().toString());
        kernel.socket = client.openChannels(id, kernel.session, tokenInQuery, kernel::dispatch,
                reason -> kernel.failPending(new IOException("channels socket closed: " + reason)));
        return kernel;
    }

    /**
     * Sends kernel_info_request until one is answered: right after a start the server may not yet be
     * listening on iopub, and Jupyter's own clients wait the same way before running anything. A
     * restart announced meanwhile only means the next answer comes from the new kernel.
     */
    public JsonNode awaitReady(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ObjectNode request = Messages.request("shell", "kernel_info_request", session, Messages.JSON.createObjectNode());
            CompletableFuture<CellResult> reply = submit(request);
            try {
                return reply.get(Math.min(2_000, remainingMillis(deadline)), TimeUnit.MILLISECONDS).reply();
            } catch (TimeoutException e) {
                pending.remove(Messages.msgId(request));
                if (remainingMillis(deadline) <= 0) {
                    throw new TimeoutException("kernel did not answer kernel_info_request within " + timeout);
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof KernelLostException lost && lost.restarting())) {
                    throw new IOException("kernel_info_request failed", e.getCause());
                }
                // the server is starting it again: ask the new kernel
            }
        }
    }

    /** Runs one cell and waits for it to finish; the timeout leaves the cell running (interrupt it through REST). */
    public CellResult execute(String code, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        try {
            return executeAsync(code).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cell failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends an execute_request; the future completes with the cell's outputs and reply. */
    public CompletableFuture<CellResult> executeAsync(String code) throws IOException {
        return submit(Messages.executeRequest(session, code, false));
    }

    private CompletableFuture<CellResult> submit(ObjectNode request) throws IOException {
        Pending entry = new Pending();
        pending.put(Messages.msgId(request), entry);
        try {
            socket.send(request);
        } catch (IOException e) {
            pending.remove(Messages.msgId(request));
            throw e;
        }
        return entry.done;
    }

    /** Whether the socket is still open. */
    public boolean isOpen() {
        return socket.isOpen();
    }

    /** Closes the channels socket; the kernel keeps running until it is deleted through REST. */
    @Override
    public void close() {
        socket.close();
    }

    private void dispatch(JsonNode message) {
        if (Messages.channel(message).equals("iopub") && Messages.msgType(message).equals("status")) {
            String state = message.path("content").path("execution_state").asText();
            if (state.equals("restarting") || state.equals("dead")) {
                failPending(new KernelLostException(state));
                return;
            }
        }
        Pending entry = pending.get(Messages.parentId(message));
        if (entry == null) {
            return;
        }
        String type = Messages.msgType(message);
        String channel = Messages.channel(message);
        if (channel.equals("shell") && type.endsWith("_reply")) {
            entry.reply = message.path("content");
        } else if (channel.equals("iopub") && type.equals("status")) {
            entry.idle |= message.path("content").path("execution_state").asText().equals("idle");
        } else if (channel.equals("iopub") && isOutput(type)) {
            entry.outputs.add(new CellOutput(type, message.path("content")));
        }
        if (entry.reply != null && entry.idle) {
            pending.remove(Messages.parentId(message));
            entry.done.complete(new CellResult(entry.reply.path("status").asText(), entry.outputs, entry.reply));
        }
    }

    private static boolean isOutput(String type) {
        return switch (type) {
            case "stream", "display_data", "update_display_data", "execute_result", "error" -> true;
            default -> false;
        };
    }

    /**
     * Ends every waiting request. The server announces a kernel that died (and is being restarted,
     * or could not be) with a status message that answers no request; without this, callers would
     * wait out their whole timeout for replies that cannot come.
     */
    private void failPending(IOException failure) {
        pending.values().forEach(entry -> entry.done.completeExceptionally(failure));
        pending.clear();
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** Everything that answered one request so far. Only the listener thread writes it. */
    private static final class Pending {
        final List<CellOutput> outputs = new ArrayList<>();
        final CompletableFuture<CellResult> done = new CompletableFuture<>();
        volatile JsonNode reply;
        volatile boolean idle;
    }
}
