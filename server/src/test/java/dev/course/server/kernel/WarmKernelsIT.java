package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Warm kernels with real kernel processes: ready ahead of need, and refilled only while there is room. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WarmKernelsIT {

    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void kernelsTakenAreReplacedOnlyWhileTheServerHasRoomForMore() throws Exception {
        KernelLauncher launcher = TestLaunchers.withClassArchive(Sandbox.detect(), KernelLimits.defaults());
        AtomicBoolean room = new AtomicBoolean(true);
        List<KernelHandle> taken = new ArrayList<>();
        try (WarmKernels warm = new WarmKernels(launcher, 2, room::get)) {
            await(() -> warm.readyCount() == 2, "two kernels ready");

            room.set(false);                                       // the room has all the kernels it may have
            warm.take().ifPresent(taken::add);
            assertEquals(1, taken.size(), "a ready kernel is handed out");
            assertTrue(taken.getFirst().isAlive());
            assertEquals(1, warm.readyOrStarting(), "no replacement is started without room for it");

            room.set(true);                                        // a learner left: room again
            warm.take().ifPresent(taken::add);
            assertEquals(2, taken.size());
            assertEquals(2, warm.readyOrStarting(), "with room again, the pool refills to its size of two");
        } finally {
            taken.forEach(handle -> handle.kernel().kill());
        }
    }

    @Test
    void aPoolCountsItsWarmKernelsAgainstTheServersMaximum() throws Exception {
        KernelLauncher launcher = TestLaunchers.withClassArchive(Sandbox.detect(), KernelLimits.defaults());
        try (KernelPool pool = new KernelPool(launcher, 2, Duration.ofMinutes(5), 5)) {
            await(() -> pool.warmReady() == 2, "the pool fills up to the server's maximum of two kernels");
            Thread.sleep(500);                                     // a third start would have been asked for at once
            assertEquals(2, pool.warmReady(), "never more kernels than the maximum, warm ones included");
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + START + ": " + what);
            }
            Thread.sleep(100);
        }
    }
}
