package dev.course.kernel.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.embed.EncoderInput;
import dev.course.engine.embed.EncoderReply;
import dev.course.engine.embed.EncoderRequest;
import dev.course.engine.embed.ModelServiceException;
import dev.course.engine.embed.Pooling;
import dev.course.kernel.handling.Comms;
import dev.course.kernel.io.Outbox;
import dev.course.kernel.protocol.Channel;
import dev.course.kernel.protocol.Header;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import dev.course.kernel.protocol.MessageFactory;
import dev.course.kernel.transport.RecordingTransport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import dev.course.kernel.protocol.CommTargets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's end of the model comm, against a hand-played server. */
class ModelServiceClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final EncoderRequest REQUEST = new EncoderRequest("all-MiniLM-L6-v2",
            new EncoderInput(1, 3, new long[] {101, 7592, 102}, new long[3], new int[] {3}), Optional.of(Pooling.MEAN));

    private final RecordingTransport transport = new RecordingTransport();
    private final Comms comms = new Comms();

    private ModelServiceClient client(Duration timeout) {
        ModelServiceClient client = new ModelServiceClient(new Outbox(transport, new MessageFactory()), timeout);
        comms.register(client.commId(), client::receive);
        return client;
    }

    /** A message from the server on the comm, as the transport would hand it over. */
    private static Message fromServer(String msgType, String commId, ObjectNode data) {
        return new Message(Channel.SHELL, List.of(), Header.create(msgType, "server", "course"), null, Json.object(),
                Json.object("comm_id", commId, "data", data));
    }

    private static CompletableFuture<EncoderReply> exchangeInBackground(ModelServiceClient client) {
        return CompletableFuture.supplyAsync(() -> client.exchange(REQUEST));
    }

    private JsonNode sentRequest() throws InterruptedException {
        return transport.await(m -> m.type().equals("comm_msg"), WAIT).content().path("data");
    }

    @Test
    void opensTheCommOnceAndGetsItsAnswerWhileTheShellIsBusy() throws Exception {
        ModelServiceClient client = client(WAIT);
        CompletableFuture<EncoderReply> first = exchangeInBackground(client);
        Message open = transport.await(m -> m.type().equals("comm_open"), WAIT);
        assertEquals(Channel.IOPUB, open.channel());
        assertEquals(CommTargets.MODELS, open.content().path("target_name").asText());
        JsonNode request = sentRequest();
        assertEquals("all-MiniLM-L6-v2", request.path("model").asText());
        assertEquals("MEAN", request.path("pooling").asText());

        ObjectNode answer = new EncoderReply(new long[] {1, 2}, new float[] {0.25f, -1.5f}).toJson();
        answer.put("id", request.path("id").asLong());
        assertTrue(comms.route(fromServer("comm_msg", client.commId(), answer)));
        assertArrayEquals(new float[] {0.25f, -1.5f}, first.get(10, TimeUnit.SECONDS).values());

        CompletableFuture<EncoderReply> second = exchangeInBackground(client);
        transport.await(m -> m.type().equals("comm_msg") && m.content().path("data").path("id").asLong() == 2, WAIT);
        ObjectNode refusal = Json.object("id", 2, "error", "rows must be between 1 and 64, got 65");
        comms.route(fromServer("comm_msg", client.commId(), refusal));
        var failure = assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ModelServiceException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("rows must be between 1 and 64"), failure.getCause().getMessage());
        assertEquals(1, transport.sent().stream().filter(m -> m.type().equals("comm_open")).count());
    }

    @Test
    void noAnswerEndsInATimeoutThatSaysSo() {
        ModelServiceClient client = client(Duration.ofMillis(300));
        var e = assertThrows(ModelServiceException.class, () -> client.exchange(REQUEST));
        assertTrue(e.getMessage().contains("did not answer within"), e.getMessage());
    }

    @Test
    void anInterruptedCellStopsWaitingAndALateAnswerIsDropped() throws Exception {
        ModelServiceClient client = client(Duration.ofMinutes(5));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread cell = Thread.ofPlatform().start(() -> {
            try {
                client.exchange(REQUEST);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        long id = sentRequest().path("id").asLong();
        cell.interrupt(); // what JShell does to a cell's threads on interrupt_request
        Throwable thrown = outcome.get(10, TimeUnit.SECONDS);
        assertInstanceOf(ModelServiceException.class, thrown);
        assertTrue(thrown.getMessage().contains("interrupted"), thrown.getMessage());
        ObjectNode late = new EncoderReply(new long[] {1, 1}, new float[] {1f}).toJson();
        late.put("id", id);
        assertTrue(comms.route(fromServer("comm_msg", client.commId(), late)), "a late answer is taken and dropped");
    }

    @Test
    void aServerWithoutTheServiceClosesTheCommAndEveryRequestFailsAtOnce() throws Exception {
        ModelServiceClient client = client(Duration.ofMinutes(5));
        CompletableFuture<EncoderReply> waiting = exchangeInBackground(client);
        sentRequest();
        comms.route(fromServer("comm_close", client.commId(), Json.object("reason", "this course server runs without a model service")));
        var failure = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("without a model service"));
        var again = assertThrows(ModelServiceException.class, () -> client.exchange(REQUEST));
        assertTrue(again.getMessage().contains("without a model service"));
    }

    @Test
    void messagesForOtherCommsAreNotTaken() {
        client(WAIT);
        assertTrue(!comms.route(fromServer("comm_msg", "someone-else", Json.object())));
    }
}
