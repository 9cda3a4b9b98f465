package dev.course.server.kernel;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When the warm pool starts a replacement: not while a room is still taking its kernels. */
class WarmKernelsTest {

    private static final Duration QUIET = Duration.ofSeconds(20);
    private static final long SECOND = 1_000_000_000L;

    @Test
    void fillsAtOnceBeforeAnyKernelIsTaken() {
        assertEquals(Duration.ZERO, WarmKernels.refillDelay(0, 0, 5 * SECOND, QUIET));
        assertEquals(Duration.ZERO, WarmKernels.refillDelay(1, 0, 5 * SECOND, QUIET));
    }

    @Test
    void waitsForTheRoomToSettleWhileKernelsAreStillReady() {
        long taken = 100 * SECOND;
        assertEquals(Duration.ofSeconds(20), WarmKernels.refillDelay(39, taken, taken, QUIET), "just taken: wait the whole quiet time");
        assertEquals(Duration.ofSeconds(5), WarmKernels.refillDelay(3, taken, taken + 15 * SECOND, QUIET));
        assertEquals(Duration.ZERO, WarmKernels.refillDelay(3, taken, taken + 20 * SECOND, QUIET), "quiet long enough");
        assertEquals(Duration.ZERO, WarmKernels.refillDelay(3, taken, taken + 60 * SECOND, QUIET));
    }

    @Test
    void refillsAtOnceWhenThePoolRunsEmpty() {
        long taken = 100 * SECOND;
        assertEquals(Duration.ZERO, WarmKernels.refillDelay(0, taken, taken, QUIET),
                "the next learner would wait for a start anyway");
    }
}
