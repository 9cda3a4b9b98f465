package dev.course.server.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Messages;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cell is done when both the reply and the idle status came, in either order, or its kernel died. */
class RunningCellTest {

    private static final JsonNode OK = Messages.JSON.createObjectNode().put("status", "ok");

    private static RunningCell cell() {
        return new RunningCell("m1", (type, content) -> { });
    }

    @Test
    void theReplyThenIdleFinishesTheCell() throws InterruptedException {
        RunningCell cell = cell();
        cell.replied(OK);
        assertFalse(cell.awaitDone(0), "outputs may still come until the kernel is idle");
        cell.wentIdle();
        assertTrue(cell.awaitDone(0));
        assertEquals("ok", cell.reply.path("status").asText());
    }

    @Test
    void idleBeforeTheReplyWaitsForTheReply() throws InterruptedException {
        RunningCell cell = cell();
        cell.wentIdle();
        assertFalse(cell.awaitDone(0), "a gateway may deliver iopub's idle before shell's reply");
        cell.replied(OK);
        assertTrue(cell.awaitDone(0));
        assertEquals("ok", cell.reply.path("status").asText(), "the cell keeps the kernel's own status");
    }

    @Test
    void aDeadKernelEndsTheWaitWithoutAReply() throws InterruptedException {
        RunningCell cell = cell();
        cell.wentIdle();
        cell.kernelDied(null);
        assertTrue(cell.awaitDone(0));
        assertNull(cell.reply);
    }

    @Test
    void timeWaitingForInputIsCountedApart() {
        RunningCell cell = cell();
        cell.inputRequested(OK, 1_000);
        assertEquals(500, cell.waitedNanos(1_500), "a wait still going on counts");
        assertEquals(OK, cell.stopWaiting(2_000));
        assertEquals(1_000, cell.waitedNanos(5_000), "the clock runs again after the answer");
        assertNull(cell.stopWaiting(6_000), "nothing was waiting");
    }
}
