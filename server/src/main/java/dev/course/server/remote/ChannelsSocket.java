package dev.course.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Messages;
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
 *
 * <p>Both directions are bounded. A message the server sends longer than
 * {@link Messages#MAX_MESSAGE_CHARS} is discarded frame by frame as it arrives (said once per
 * socket in the log). Sending never waits: messages queue behind each other (the WebSocket allows
 * one send at a time), at most {@link #MAX_QUEUED_CHARS} characters of them, and a send the
 * network has not taken within {@link #SEND_DEADLINE} closes the socket, which the owner sees as a
 * lost kernel.
 */
public final class ChannelsSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelsSocket.class);
    /** The most characters waiting to be sent; more is refused. */
    static final long MAX_QUEUED_CHARS = 8L * 1024 * 1024;
    /** How long one message may take to be handed to the network before the socket counts as lost. */
    static final Duration SEND_DEADLINE = Duration.ofSeconds(30);

    private final Consumer<JsonNode> onMessage;
    private final Consumer<String> onClosed;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    // Guarded by this: the last send queued, and the characters not yet handed to the network.
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private long queuedChars;

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

    /**
     * Queues one message and returns at once; it is sent after those queued before it.
     *
     * @throws IOException when the socket is closed, or {@link #MAX_QUEUED_CHARS} already wait
     */
    public void send(JsonNode message) throws IOException {
        if (closed.isDone()) {
            throw new IOException("channels socket closed: " + closed.getNow(""));
        }
        String text = message.toString();
        String type = Messages.msgType(message);
        synchronized (this) {
            if (queuedChars + text.length() > MAX_QUEUED_CHARS) {
                throw new IOException("could not send " + type + ": " + queuedChars + " characters already wait for the gateway");
            }
            queuedChars += text.length();
            lastSend = lastSend.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> socket.sendText(text, true).toCompletableFuture()
                            .orTimeout(SEND_DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .whenComplete((ignored, failure) -> {
                        synchronized (this) {
                            queuedChars -= text.length();
                        }
                        if (failure != null && !closed.isDone()) {
                            LOG.debug("could not send {}: {}", type, failure.toString());
                            socket.abort();
                            ended("could not send " + type + " within " + SEND_DEADLINE.toSeconds() + " s: " + failure);
                        }
                    });
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
        /** Characters of the message being received, including any discarded. */
        private long length;
        private long tooLong;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            length += data.length();
            if (length <= Messages.MAX_MESSAGE_CHARS) {
                text.append(data);
            } else {
                text.setLength(0); // too long: drop what came and whatever else comes of it
            }
            if (last) {
                long total = length;
                String message = text.toString();
                text.setLength(0);
                length = 0;
                if (total > Messages.MAX_MESSAGE_CHARS) {
                    if (tooLong++ == 0) {
                        LOG.warn("dropped a {}-character message on the channels socket, more than the limit of {} (further ones are logged at debug)",
                                total, Messages.MAX_MESSAGE_CHARS);
                    } else {
                        LOG.debug("dropped a {}-character message on the channels socket", total);
                    }
                    webSocket.request(1);
                    return null;
                }
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
