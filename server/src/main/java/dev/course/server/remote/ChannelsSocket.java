package dev.course.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.server.kernel.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A kernel's channels WebSocket ({@code /api/kernels/{id}/channels}) as a plain message pipe: every
 * text frame is one Jupyter message as JSON with a {@code channel} field, the same form as our stdio
 * lines. It knows nothing of requests and replies; {@link RemoteKernel} routes them for a notebook
 * runner, and the course server's gateway kernels hand them to a learner's session.
 */
public final class ChannelsSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelsSocket.class);

    private final Consumer<JsonNode> onMessage;
    private final Consumer<String> onClosed;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile WebSocket socket;

    private ChannelsSocket(Consumer<JsonNode> onMessage, Consumer<String> onClosed) {
        this.onMessage = onMessage;
        this.onClosed = onClosed;
    }

    /**
     * Opens the socket.
     *
     * @param token     sent as {@code Authorization: token …}; empty for none (or when it is in the URI)
     * @param onMessage every message, on the socket's listener thread
     * @param onClosed  told once, with a reason, when the socket closes for any reason (also {@link #close()})
     */
    static ChannelsSocket open(HttpClient http, URI channels, String token, Consumer<JsonNode> onMessage,
                               Consumer<String> onClosed) throws IOException, InterruptedException {
        ChannelsSocket pipe = new ChannelsSocket(onMessage, onClosed);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (!token.isEmpty()) {
            builder.header("Authorization", "token " + token);
        }
        try {
            pipe.socket = builder.buildAsync(channels, pipe.new Listener()).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not open " + channels.getPath(), e);
        }
        return pipe;
    }

    /** Sends one message, waiting until it is handed to the network (one send at a time, as WebSocket requires). */
    public void send(JsonNode message) throws IOException {
        if (closed.isDone()) {
            throw new IOException("channels socket closed: " + closed.getNow(""));
        }
        synchronized (this) {
            try {
                socket.sendText(message.toString(), true).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("could not send " + Messages.msgType(message), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending " + Messages.msgType(message), e);
            }
        }
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /** Why the socket closed, or empty while it is open. */
    public String closeReason() {
        return closed.getNow("");
    }

    /** Closes the socket; the kernel keeps running until it is deleted through REST. */
    @Override
    public void close() {
        WebSocket current = socket;
        if (current != null && !closed.isDone()) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            current.abort();
        }
        ended("closed by the client");
    }

    private void ended(String reason) {
        if (closed.complete(reason)) {
            onClosed.accept(reason);
        }
    }

    /** Joins frames into messages; binary frames (messages with buffers) are not used by our kernel and are dropped. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    onMessage.accept(Messages.JSON.readTree(message));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("unreadable or unhandled message on the channels socket: {}", e.toString());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended("server closed (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(error.toString());
        }
    }
}
