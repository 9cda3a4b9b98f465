package dev.course.kernel.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.embed.EncoderReply;
import dev.course.engine.embed.EncoderRequest;
import dev.course.engine.embed.ModelChannel;
import dev.course.engine.embed.ModelServiceException;
import dev.course.kernel.io.Outbox;
import dev.course.kernel.protocol.CommTargets;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The kernel's end of the course server's model service: a Jupyter comm with the target
 * {@value CommTargets#MODELS} on the kernel's own message channel.
 *
 * <ol>
 *   <li>On first use the kernel publishes {@code comm_open} (IOPub) with a fresh {@code comm_id}.
 *   <li>Each request is a {@code comm_msg} (IOPub) whose {@code data} is an {@link EncoderRequest}
 *       plus a numeric {@code id}; the calling thread then waits.
 *   <li>The server answers with a {@code comm_msg} (shell) on the same comm whose {@code data} is
 *       an {@link EncoderReply} with the same {@code id}, or {@code {"id": …, "error": "why"}}. The
 *       {@link dev.course.kernel.handling.Comms} router hands it over as it arrives, although the
 *       shell thread is busy with the cell that asked.
 *   <li>A {@code comm_close} from the server (no service there) fails every waiting request and
 *       every later one at once, with a message saying so.
 * </ol>
 *
 * <p>A wait ends with the answer, the timeout, or an interrupt of the cell (JShell interrupts the
 * cell's threads); an answer that arrives after its caller gave up is dropped. So nothing here can
 * hold the kernel once the learner stops the cell.
 */
public final class ModelServiceClient implements ModelChannel {

    private static final Logger LOG = Logger.getLogger(ModelServiceClient.class.getName());

    private final Outbox outbox;
    private final Duration timeout;
    private final String commId = UUID.randomUUID().toString();
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final Object openLock = new Object();
    private boolean opened;
    private volatile String closedBecause;

    /**
     * @param outbox  where the kernel's messages go
     * @param timeout how long one request may wait for its answer
     */
    public ModelServiceClient(Outbox outbox, Duration timeout) {
        this.outbox = outbox;
        this.timeout = timeout;
    }

    /** The comm's id, for routing the server's answers here. */
    public String commId() {
        return commId;
    }

    @Override
    public EncoderReply exchange(EncoderRequest request) {
        failIfClosed();
        openOnce();
        long id = requestIds.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            // A comm_close that arrived after the check above did not see this waiter: look again.
            failIfClosed();
            ObjectNode data = request.toJson();
            data.put("id", id);
            outbox.publish(null, "comm_msg", Json.object("comm_id", commId, "data", data));
            JsonNode reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.has("error")) {
                throw new ModelServiceException("the course server's model service refused the request for "
                        + request.model() + ": " + reply.path("error").asText());
            }
            return EncoderReply.fromJson(reply);
        } catch (TimeoutException e) {
            throw new ModelServiceException("the course server's model service did not answer within "
                    + timeout.toSeconds() + " s (the server may be very busy); run the cell again in a moment");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelServiceException("interrupted while waiting for the course server's model service", e);
        } catch (ExecutionException e) {
            throw new ModelServiceException(e.getCause().getMessage(), e.getCause());
        } catch (IllegalArgumentException e) {
            throw new ModelServiceException("the course server's model service sent a reply that cannot be read: "
                    + e.getMessage(), e);
        } finally {
            waiting.remove(id);
        }
    }

    /**
     * A message on this comm from the server; runs on the transport's reader thread, so it only
     * hands the answer to whoever waits for it.
     */
    public void receive(Message message) {
        JsonNode data = message.content().path("data");
        if (message.type().equals("comm_close")) {
            String reason = data.path("reason").asText("the server has no model service");
            closedBecause = reason;
            var failure = new ModelServiceException("the course server closed its model service: " + reason);
            waiting.values().forEach(waiter -> waiter.completeExceptionally(failure));
            return;
        }
        CompletableFuture<JsonNode> waiter = waiting.get(data.path("id").asLong(-1));
        if (waiter == null) {
            LOG.fine(() -> "dropping a model answer nobody waits for (the cell was interrupted or timed out)");
            return;
        }
        waiter.complete(data);
    }

    private void openOnce() {
        synchronized (openLock) {
            if (!opened) {
                outbox.publish(null, "comm_open", Json.object("comm_id", commId, "target_name", CommTargets.MODELS, "data", Json.object()));
                opened = true;
            }
        }
    }

    private void failIfClosed() {
        String reason = closedBecause;
        if (reason != null) {
            throw new ModelServiceException("the course server closed its model service: " + reason);
        }
    }
}
