package dev.course.kernel.handling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.kernel.io.Outbox;
import dev.course.kernel.protocol.Channel;
import dev.course.kernel.protocol.Header;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import dev.course.kernel.protocol.MessageFactory;
import dev.course.kernel.transport.RecordingTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RecordingTransport transport = new RecordingTransport();
    private final Outbox outbox = new Outbox(transport, new MessageFactory());
    private final CountDownLatch releaseShell = new CountDownLatch(1);
    private Dispatcher dispatcher;

    @AfterEach
    void close() throws InterruptedException {
        releaseShell.countDown();
        dispatcher.close(1000);
    }

    @Test
    void wrapsEachRequestInBusyAndIdle() throws Exception {
        start(Map.of("kernel_info_request", request -> outbox.reply(request, "kernel_info_reply", Json.object())), Map.of());
        Message request = request(Channel.SHELL, "kernel_info_request");

        transport.deliver(request);
        transport.await(m -> m.type().equals("status") && state(m).equals("idle"), TIMEOUT);

        List<Message> sent = transport.sent();
        assertEquals(List.of("status", "kernel_info_reply", "status"), sent.stream().map(Message::type).toList());
        assertEquals("busy", state(sent.getFirst()));
        assertTrue(sent.stream().allMatch(m -> m.parentHeader().equals(request.header())));
    }

    @Test
    void controlIsAnsweredWhileTheShellIsBusy() throws Exception {
        start(Map.of("execute_request", request -> await(releaseShell)),
                Map.of("interrupt_request", request -> {
                    outbox.reply(request, "interrupt_reply", Json.object("status", "ok"));
                    releaseShell.countDown();
                }));

        Message cell = request(Channel.SHELL, "execute_request");
        transport.deliver(cell);
        transport.await(m -> m.type().equals("status") && m.parentHeader().equals(cell.header()), TIMEOUT);
        transport.deliver(request(Channel.CONTROL, "interrupt_request"));

        transport.await(m -> m.type().equals("interrupt_reply"), TIMEOUT);
        transport.await(m -> m.parentHeader() != null && m.parentHeader().equals(cell.header()) && state(m).equals("idle"), TIMEOUT);
    }

    @Test
    void unknownRequestsAreIgnoredAndTheNextOnesServed() throws Exception {
        start(Map.of("kernel_info_request", request -> outbox.reply(request, "kernel_info_reply", Json.object()),
                "explodes", request -> {
                    throw new IllegalStateException("handler bug");
                }), Map.of());

        Message info = request(Channel.SHELL, "kernel_info_request");
        transport.deliver(request(Channel.SHELL, "no_such_request"));
        transport.deliver(request(Channel.SHELL, "explodes"));
        transport.deliver(info);

        transport.await(m -> m.parentHeader().equals(info.header()) && state(m).equals("idle"), TIMEOUT);
        assertEquals(6, transport.sent().stream().filter(m -> m.type().equals("status")).count(),
                "busy and idle around every request, even unknown and failing ones");
        assertEquals(1, transport.sent().stream().filter(m -> !m.type().equals("status")).count());
    }

    @Test
    void executesThatArrivedBeforeAFailureAreAborted() throws Exception {
        Message failing = request(Channel.SHELL, "execute_request");
        Message queued = request(Channel.SHELL, "execute_request");
        Message completion = request(Channel.SHELL, "complete_request");
        start(Map.of(
                "execute_request", request -> {
                    if (request == failing) {
                        await(releaseShell);
                        dispatcher.abortPendingExecutes();
                    }
                    outbox.reply(request, "execute_reply", Json.object("status", request == failing ? "error" : "ok"));
                },
                "complete_request", request -> outbox.reply(request, "complete_reply", Json.object())), Map.of());

        transport.deliver(failing);
        transport.deliver(queued);
        transport.deliver(completion);
        releaseShell.countDown();

        Message aborted = transport.await(m -> m.type().equals("execute_reply") && m.parentHeader().equals(queued.header()), TIMEOUT);
        assertEquals("aborted", aborted.content().path("status").asText());
        transport.await(m -> m.type().equals("complete_reply"), TIMEOUT);

        Message later = request(Channel.SHELL, "execute_request");
        transport.deliver(later);
        Message reply = transport.await(m -> m.type().equals("execute_reply") && m.parentHeader().equals(later.header()), TIMEOUT);
        assertEquals("ok", reply.content().path("status").asText(), "requests after the failure run");
    }

    @Test
    void stdinRepliesReachTheStdinListenerWhileTheShellIsBusyAndWithoutStatus() throws Exception {
        List<Message> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        dispatcher = new Dispatcher(outbox, Map.of("execute_request", request -> await(releaseShell)), Map.of(),
                answers::add, () -> { }, () -> { });
        dispatcher.start();
        transport.start(dispatcher);
        Message cell = request(Channel.SHELL, "execute_request");
        transport.deliver(cell);
        transport.await(m -> m.type().equals("status") && m.parentHeader().equals(cell.header()), TIMEOUT);

        Message answer = request(Channel.STDIN, "input_reply");
        transport.deliver(answer);

        assertEquals(List.of(answer), answers, "delivered at once, though the shell thread is busy");
        assertTrue(transport.sent().stream().noneMatch(m -> answer.header().equals(m.parentHeader())), "no busy/idle for it");
    }

    private void start(Map<String, RequestHandler> shell, Map<String, RequestHandler> control) {
        dispatcher = new Dispatcher(outbox, shell, control, () -> { }, () -> { });
        dispatcher.start();
        transport.start(dispatcher);
    }

    private static Message request(Channel channel, String type) {
        return new Message(channel, List.of(), Header.create(type, "client", "test"), null, Json.object(), Json.object());
    }

    private static String state(Message message) {
        return message.content().path("execution_state").asText();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
