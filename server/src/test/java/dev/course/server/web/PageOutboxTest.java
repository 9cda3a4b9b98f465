package dev.course.server.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page that does not read loses output past the limit (told once per spell), and is disconnected when it stays behind. */
class PageOutboxTest {

    /** A connection whose writes complete only when the test says the page read them. */
    private static final class FakePage implements PageOutbox.Channel {
        final List<String> sent = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();
        String closedWith;

        @Override
        public boolean isOpen() {
            return closedWith == null;
        }

        @Override
        public void sendText(String text, Runnable done) {
            sent.add(text);
            pending.add(done);
        }

        @Override
        public void disconnect(int code, String reason) {
            closedWith = code + " " + reason;
        }

        void readAll() {
            List<Runnable> done = new ArrayList<>(pending);
            pending.clear();
            done.forEach(Runnable::run);
        }
    }

    private final FakePage page = new FakePage();
    private final AtomicLong now = new AtomicLong();
    private final PageOutbox outbox = new PageOutbox(page, 100, 300, Duration.ofSeconds(30), now::get);

    @Test
    void outputPastTheLimitIsDroppedWithOneNoticeUntilThePageCatchesUp() {
        for (int i = 0; i < 50; i++) {
            outbox.sendOutput("o".repeat(10), () -> "dropped!");
        }
        assertEquals(11, page.sent.size(), "ten outputs fit in 100 bytes, then one notice");
        assertEquals("dropped!", page.sent.getLast());
        assertEquals(40, outbox.droppedMessages());
        assertTrue(outbox.queuedBytes() <= 300);

        outbox.send("{\"msg_type\":\"execute_reply\"}");
        assertEquals("{\"msg_type\":\"execute_reply\"}", page.sent.getLast(), "replies still go while output is dropped");

        page.readAll();
        assertEquals(0, outbox.queuedBytes());
        outbox.sendOutput("fresh", () -> "dropped!");
        assertEquals("fresh", page.sent.getLast(), "output flows again once the page reads");
        for (int i = 0; i < 20; i++) {
            outbox.sendOutput("o".repeat(10), () -> "dropped again!");
        }
        assertEquals("dropped again!", page.sent.getLast(), "a new spell of dropping is announced again");
        assertTrue(page.isOpen());
    }

    @Test
    void aPageFarBehindIsDisconnected() {
        for (int i = 0; i < 40; i++) {
            outbox.send("r".repeat(10));
        }
        assertFalse(page.isOpen());
        assertTrue(page.closedWith.startsWith(PageOutbox.BEHIND_CLOSE_CODE + " "), page.closedWith);
        int sent = page.sent.size();
        outbox.send("more");
        assertEquals(sent, page.sent.size(), "nothing is queued for a disconnected page");
    }

    @Test
    void aPageThatTakesNothingForTheStallTimeoutIsDisconnected() {
        outbox.send("hello");
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        outbox.send("still there?");
        assertFalse(page.isOpen());
        assertTrue(page.closedWith.contains("took no message"), page.closedWith);
    }

    @Test
    void aPageStuckBehindItsLastMessageIsDisconnectedByTheWatch() {
        outbox.send("the last output before the page froze");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(outbox.disconnectIfStalled(), "10 s behind is not yet a stall");
        assertTrue(page.isOpen());
        now.addAndGet(Duration.ofSeconds(21).toNanos());
        assertFalse(outbox.disconnectIfStalled(), "nothing more to watch once disconnected");
        assertTrue(page.closedWith.startsWith(PageOutbox.BEHIND_CLOSE_CODE + " the page took no message"), page.closedWith);
    }

    @Test
    void aPageWithNothingWaitingIsNeverStalled() {
        outbox.send("hello");
        page.readAll();
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        assertTrue(outbox.disconnectIfStalled());
        assertTrue(page.isOpen(), "an idle page that read everything stays");
    }

    @Test
    void aPageThatReadsIsNeverCut() {
        for (int i = 0; i < 1000; i++) {
            outbox.sendOutput("o".repeat(50), () -> "dropped!");
            page.readAll();
            now.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        assertEquals(1000, page.sent.size());
        assertEquals(0, outbox.droppedMessages());
        assertTrue(page.isOpen());
    }
}
