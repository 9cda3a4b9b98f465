package dev.course.engine.generate.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matmul workers: every row exactly once, nested and concurrent calls safe, failures reported. */
class ParallelTest {

    @Test
    void everyRowIsDoneExactlyOnceAcrossManyJobsInARow() {
        for (int job = 0; job < 2_000; job++) {
            int n = 64 + job % 300;
            var visits = new AtomicIntegerArray(n);
            Parallel.forRange(n, (from, to) -> {
                for (int i = from; i < to; i++) visits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, visits.get(i), "row " + i + " of job " + job);
            }
        }
    }

    @Test
    void aJobStartedInsideAJobRunsOnItsCallerInsteadOfWaitingForTheWorkers() {
        var inner = new AtomicIntegerArray(100 * 100);
        Parallel.forRange(100, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r;
                Parallel.forRange(100, (a, b) -> {
                    for (int c = a; c < b; c++) inner.incrementAndGet(row * 100 + c);
                });
            }
        });
        for (int i = 0; i < inner.length(); i++) {
            assertEquals(1, inner.get(i));
        }
    }

    @Test
    void twoThreadsGeneratingAtOnceBothGetEveryRow() throws Exception {
        int n = 5_000;
        var first = new AtomicIntegerArray(n);
        var second = new AtomicIntegerArray(n);
        var start = new CountDownLatch(1);
        Thread other = Thread.ofPlatform().start(() -> {
            await(start);
            for (int k = 0; k < 200; k++) Parallel.forRange(n, (a, b) -> { for (int i = a; i < b; i++) second.incrementAndGet(i); });
        });
        start.countDown();
        for (int k = 0; k < 200; k++) Parallel.forRange(n, (a, b) -> { for (int i = a; i < b; i++) first.incrementAndGet(i); });
        other.join();
        for (int i = 0; i < n; i++) {
            assertEquals(200, first.get(i));
            assertEquals(200, second.get(i));
        }
    }

    @Test
    void aFailureInAnyChunkReachesTheCallerAndTheWorkersCarryOn() {
        var boom = new IllegalStateException("row 70");
        var thrown = assertThrows(IllegalStateException.class, () -> Parallel.forRange(1_000, (from, to) -> {
            if (from <= 70 && 70 < to) throw boom;
        }));
        assertSame(boom, thrown);
        var visits = new AtomicIntegerArray(1_000);
        Parallel.forRange(1_000, (from, to) -> { for (int i = from; i < to; i++) visits.incrementAndGet(i); });
        for (int i = 0; i < 1_000; i++) assertTrue(visits.get(i) == 1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
