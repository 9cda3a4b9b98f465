package dev.course.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.kernel.protocol.Channel;
import dev.course.kernel.protocol.Header;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import dev.course.kernel.protocol.MessageFactory;
import dev.course.kernel.transport.RecordingTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link CellInput} and {@link InputRequests} in-process, with a recording transport as the front end. */
class CellInputTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final AtomicInteger flushes = new AtomicInteger();
    private final InputRequests requests = new InputRequests(new Outbox(transport, new MessageFactory()), flushes::incrementAndGet);
    private final CellInput in = new CellInput(requests);

    @Test
    void aReadAsksTheRunningRequestsSenderAndGetsTheLineWithALineEnd() throws Exception {
        Message cell = executeRequest();
        requests.beginCell(cell, true);
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> readLine(in));

        Message asked = transport.await(m -> m.type().equals("input_request"), Duration.ofSeconds(5));
        assertEquals(Channel.STDIN, asked.channel());
        assertEquals(cell.header(), asked.parentHeader());
        assertEquals(1, asked.identities().size(), "routed to the execute request's sender");
        assertEquals(1, flushes.get(), "printed output is flushed before asking");
        requests.onReply(reply(asked.header(), "héllo"));

        assertEquals("héllo", line.get(5, TimeUnit.SECONDS));
    }

    @Test
    void withoutAllowStdinOrOutsideACellAReadFailsAtOnce() {
        requests.beginCell(executeRequest(), false);
        StdinNotAvailableException refused = assertThrows(StdinNotAvailableException.class, in::read);
        assertTrue(refused.getMessage().contains("allow_stdin: false"), refused.getMessage());

        requests.endCell();
        assertThrows(StdinNotAvailableException.class, in::read);
        assertTrue(transport.sent().isEmpty(), "nothing was asked");
    }

    @Test
    void cancellingOrEndingTheCellEndsAWaitingRead() throws Exception {
        requests.beginCell(executeRequest(), true);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(this::readByte);
        Message asked = transport.await(m -> m.type().equals("input_request"), Duration.ofSeconds(5));
        requests.cancel();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> read.get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getCause() instanceof InterruptedIOException, failed.toString());

        requests.onReply(reply(asked.header(), "late")); // ignored: nothing waits
        requests.beginCell(executeRequest(), true);
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(this::readByte);
        transport.await(m -> m.type().equals("input_request") && !m.header().equals(asked.header()), Duration.ofSeconds(5));
        requests.endCell();
        assertThrows(ExecutionException.class, () -> next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aReplyToAnotherRequestIsIgnoredAndUnreadInputStaysWithItsCell() throws Exception {
        requests.beginCell(executeRequest(), true);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(this::readByte);
        Message asked = transport.await(m -> m.type().equals("input_request"), Duration.ofSeconds(5));
        requests.onReply(reply(Header.create("input_request", "other", "x"), "wrong"));
        requests.onReply(reply(asked.header(), "ab"));
        assertEquals('a', read.get(5, TimeUnit.SECONDS));
        assertEquals(2, in.available(), "\"b\" and the line end are buffered");

        requests.beginCell(executeRequest(), true);
        assertEquals(0, in.available(), "a new cell does not see them");
    }

    private int readByte() {
        try {
            return in.read();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String readLine(CellInput in) {
        try {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Message executeRequest() {
        return new Message(Channel.SHELL, List.of(new byte[] {7}), Header.create("execute_request", "front", "learner"),
                null, Json.object(), Json.object("code", "System.in.read()", "allow_stdin", true));
    }

    private static Message reply(Header parent, String value) {
        return new Message(Channel.STDIN, List.of(), Header.create("input_reply", "front", "learner"), parent,
                Json.object(), Json.object("value", value));
    }
}
