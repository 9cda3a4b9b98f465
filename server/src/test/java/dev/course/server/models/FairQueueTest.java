package dev.course.server.models;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FairQueueTest {

    @Test
    void sendersAreServedInTurnNotInArrivalOrder() throws InterruptedException {
        FairQueue<String> queue = new FairQueue<>(10, 100);
        for (int i = 1; i <= 4; i++) {
            queue.offer("flood", "flood-" + i);
        }
        queue.offer("quiet", "quiet-1");
        queue.offer("other", "other-1");
        queue.offer("other", "other-2");
        List<String> order = new ArrayList<>();
        while (queue.size() > 0) {
            order.add(queue.take());
        }
        assertEquals(List.of("flood-1", "quiet-1", "other-1", "flood-2", "other-2", "flood-3", "flood-4"), order);
    }

    @Test
    void oneAtATimeGivesASenderNoSecondItemUntilItsFirstIsDone() throws Exception {
        FairQueue<String> queue = new FairQueue<>(10, 100, true);
        queue.offer("flood", "flood-1");
        queue.offer("flood", "flood-2");
        queue.offer("flood", "flood-3");
        assertEquals("flood-1", queue.take());
        // A second, idle taker finds only flood's items, and flood has one running: it waits.
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(second.isDone(), "flood's second item waits while its first runs");
        queue.offer("quiet", "quiet-1");
        assertEquals("quiet-1", second.get(10, TimeUnit.SECONDS), "another sender's item is taken at once");
        queue.done("flood");
        assertEquals("flood-2", queue.take(), "flood's next item, once its first is done");
        assertEquals(1, queue.size());
    }

    @Test
    void aSenderAndTheWholeQueueAreBounded() {
        FairQueue<Integer> queue = new FairQueue<>(2, 3);
        assertTrue(queue.offer("a", 1));
        assertTrue(queue.offer("a", 2));
        assertFalse(queue.offer("a", 3), "a's own limit");
        assertTrue(queue.offer("b", 1));
        assertFalse(queue.offer("c", 1), "the total limit");
        assertEquals(3, queue.size());
    }

    @Test
    void aGoneSendersItemsAreDropped() throws InterruptedException {
        FairQueue<Integer> queue = new FairQueue<>(5, 10);
        queue.offer("gone", 1);
        queue.offer("gone", 2);
        queue.offer("here", 3);
        assertEquals(2, queue.removeAll("gone"));
        assertEquals(3, queue.take());
        assertEquals(0, queue.size());
    }

    @Test
    void takeWaitsForWorkAndCloseReleasesIt() throws Exception {
        FairQueue<Integer> queue = new FairQueue<>(1, 1);
        CompletableFuture<Integer> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.offer("a", 7);
        assertEquals(7, taken.get(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.close();
        var failure = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertFalse(queue.offer("a", 8));
    }
}
