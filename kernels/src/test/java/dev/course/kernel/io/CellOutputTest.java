package dev.course.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.engine.display.MimeBundle;
import dev.course.kernel.protocol.Channel;
import dev.course.kernel.protocol.Header;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import dev.course.kernel.protocol.MessageFactory;
import dev.course.kernel.transport.RecordingTransport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CellOutputTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final CellOutput output = new CellOutput(new Outbox(transport, new MessageFactory()), 20);

    @AfterEach
    void close() {
        output.close();
    }

    @Test
    void printedTextIsSentSoonWithoutAnExplicitFlush() throws Exception {
        Message cell = request();
        output.beginCell(cell);
        output.stdout().print("tick");

        Message stream = transport.await(m -> m.type().equals("stream"), Duration.ofSeconds(2));
        assertEquals("tick", stream.content().path("text").asText());
        assertEquals("stdout", stream.content().path("name").asText());
        assertEquals(cell.header(), stream.parentHeader());
    }

    @Test
    void outputBelongsToTheCellThatPrintedIt() {
        Message first = request();
        Message second = request();
        output.beginCell(first);
        output.stderr().print("one");
        output.beginCell(second);
        output.stdout().print("two");
        output.flush();

        List<Message> streams = streams();
        assertEquals(first.header(), streams.get(0).parentHeader());
        assertEquals("stderr", streams.get(0).content().path("name").asText());
        assertEquals(second.header(), streams.get(1).parentHeader());
    }

    @Test
    void aCellMayPrintOnlySoMuchThenOneNotice() {
        output.beginCell(request());
        output.stdout().print("0123456789");
        output.flush();
        output.stdout().print("0123456789abcdef");
        output.flush();
        output.stdout().print("more and more");
        output.flush();

        List<Message> streams = streams();
        assertEquals(List.of("0123456789", "0123456789"), streams.stream().limit(2).map(CellOutputTest::text).toList());
        assertEquals(3, streams.size());
        assertTrue(text(streams.get(2)).contains("output truncated"));

        output.beginCell(request());
        output.stdout().print("again");
        output.flush();
        assertEquals("again", text(streams().getLast()), "each cell has its own budget");
    }

    @Test
    void aDisplayComesAfterTheTextPrintedBeforeIt() {
        output.beginCell(request());
        Object value = new Object();
        output.stdout().print("before");
        output.show(value, MimeBundle.html("<p>x</p>", "x"));

        List<Message> sent = transport.sent();
        assertEquals("stream", sent.get(0).type());
        assertEquals("display_data", sent.get(1).type());
        assertEquals("<p>x</p>", sent.get(1).content().path("data").path("text/html").asText());
        assertTrue(output.wasJustDisplayed(value));
        assertFalse(output.wasJustDisplayed(new Object()));
        assertFalse(output.wasJustDisplayed(null));
    }

    @Test
    void thousandsOfUpdatesInATightLoopAreCoalescedAndTheLastValueArrives() {
        output.beginCell(request());
        long start = System.nanoTime();
        for (int i = 1; i <= 5000; i++) {
            output.update("bar", MimeBundle.text(i + "%"));
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        output.flush();

        List<Message> updates = updates();
        // One at once, at most one batch per interval while the loop ran (the timer's), one at the flush.
        long bound = 2 + elapsedMillis / CellOutput.UPDATE_INTERVAL.toMillis();
        assertTrue(updates.size() <= bound, updates.size() + " updates in " + elapsedMillis + " ms");
        assertEquals("1%", text(updates.getFirst(), "text/plain"), "the first update is not delayed");
        assertEquals("5000%", text(updates.getLast(), "text/plain"), "the final value is always delivered");
        assertTrue(updates.stream().allMatch(u -> u.content().path("transient").path("display_id").asText().equals("bar")));
    }

    @Test
    void aWaitingUpdateIsSentByTheTimerWithoutAFlush() throws Exception {
        output.beginCell(request());
        output.update("bar", MimeBundle.text("first"));
        output.update("bar", MimeBundle.text("second"));
        output.update("bar", MimeBundle.text("third"));

        Message last = transport.await(m -> m.type().equals("update_display_data")
                && text(m, "text/plain").equals("third"), Duration.ofSeconds(2));
        assertEquals("bar", last.content().path("transient").path("display_id").asText());
        assertEquals(List.of("first", "third"), updates().stream().map(u -> text(u, "text/plain")).toList(),
                "the second was replaced while it waited");
    }

    @Test
    void eachDisplayIdKeepsItsLatestValueAndWaitingUpdatesGoBeforeTheNextOutput() {
        RecordingTransport recorded = new RecordingTransport();
        long[] now = {0};
        try (CellOutput timed = new CellOutput(new Outbox(recorded, new MessageFactory()), 1000, () -> now[0])) {
            timed.beginCell(request());
            timed.update("a", MimeBundle.text("a1"));   // sent at once
            timed.update("b", MimeBundle.text("b1"));   // the clock stands still: these wait
            timed.update("a", MimeBundle.text("a2"));
            timed.update("b", MimeBundle.text("b2"));
            assertEquals(1, recorded.sent().size(), "only the first went out: " + recorded.sent());
            timed.show("shown", MimeBundle.text("shown"), "c");
            now[0] += CellOutput.UPDATE_INTERVAL.toNanos();
            timed.update("a", MimeBundle.text("a3"));   // a whole interval later: at once again

            List<String> sent = recorded.sent().stream()
                    .map(m -> m.type() + " " + m.content().path("transient").path("display_id").asText() + "=" + text(m, "text/plain"))
                    .toList();
            assertEquals(List.of("update_display_data a=a1", "update_display_data a=a2", "update_display_data b=b2",
                    "display_data c=shown", "update_display_data a=a3"), sent);
        }
    }

    private List<Message> updates() {
        return transport.sent().stream().filter(m -> m.type().equals("update_display_data")).toList();
    }

    private static String text(Message message, String mime) {
        return message.content().path("data").path(mime).asText();
    }

    private List<Message> streams() {
        return transport.sent().stream().filter(m -> m.type().equals("stream")).toList();
    }

    private static String text(Message message) {
        return message.content().path("text").asText();
    }

    private static Message request() {
        return new Message(Channel.SHELL, List.of(), Header.create("execute_request", "client", "u"), null,
                Json.object(), Json.object());
    }
}
