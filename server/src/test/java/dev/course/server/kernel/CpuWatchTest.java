package dev.course.server.kernel;

import dev.course.server.kernel.CpuWatch.Level;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link CpuWatch} with a made-up clock and CPU time: a kernel read every half second, as the
 * governor does, that uses so many cores during each interval.
 */
class CpuWatchTest {

    private static final long TICK = Duration.ofMillis(500).toNanos();

    /** A kernel on a fake clock: each {@link #tick} advances half a second and adds the CPU used meanwhile. */
    private static final class Kernel {
        final CpuWatch watch = new CpuWatch(CpuWatch.Settings.defaults(), 0, 0);
        long now;
        long usage;

        Level tick(double cores, boolean working) {
            return tick(Duration.ofNanos(TICK), cores, working);
        }

        /** A reading after this long: the governor's round, or the one it takes when a cell ends. */
        Level tick(Duration after, double cores, boolean working) {
            now += after.toNanos();
            usage += (long) (cores * after.toNanos());
            return watch.observe(now, usage, working);
        }

        /** Ticks for a while at one rate and returns the level at the end. */
        Level run(Duration duration, double cores, boolean working) {
            Level level = watch.level();
            for (long t = 0; t < duration.toNanos(); t += TICK) {
                level = tick(cores, working);
            }
            return level;
        }
    }

    @Test
    void anIdleKernelAndShortCellsStayNormal() {
        Kernel kernel = new Kernel();
        for (int cell = 0; cell < 20; cell++) {
            kernel.watch.cellStarted();
            assertEquals(Level.NORMAL, kernel.run(Duration.ofMillis(500), 0.9, true), "a cell of half a second");
            assertEquals(Level.NORMAL, kernel.run(Duration.ofSeconds(5), 0.01, false), "thinking");
        }
    }

    @Test
    void theJitsWorkAfterACellIsNoLoop() {
        Kernel kernel = new Kernel();
        kernel.watch.cellStarted();
        kernel.run(Duration.ofMillis(500), 1.0, true);
        assertEquals(Level.NORMAL, kernel.run(Duration.ofSeconds(1), 0.8, false), "a second of compiling after the cell");
        assertEquals(Level.NORMAL, kernel.run(Duration.ofSeconds(10), 0.01, false));
    }

    @Test
    void aBackgroundLoopIsThrottledAfterTheWindowAndRestoredByANewCell() {
        Kernel kernel = new Kernel();
        kernel.watch.cellStarted();
        kernel.tick(0.3, true); // the cell that starts the thread
        assertEquals(Level.NORMAL, kernel.tick(1.0, false), "half a second of burning is not yet a loop");
        assertEquals(Level.NORMAL, kernel.tick(1.0, false));
        assertEquals(Level.NORMAL, kernel.tick(1.0, false));
        assertEquals(Level.THROTTLED, kernel.tick(1.0, false), "two seconds of burning while idle");
        assertEquals(Level.THROTTLED, kernel.run(Duration.ofSeconds(30), 0.1, false), "held to its quota, it never looks quiet");

        assertEquals(Level.NORMAL, kernel.watch.cellStarted(), "the learner's next cell runs at full speed");
        assertEquals(Level.NORMAL, kernel.tick(1.0, true), "and keeps it while it runs");
    }

    @Test
    void aLoopRestoredByACellIsThrottledAgainAsSoonAsTheCellIsOver() {
        Kernel kernel = new Kernel();
        kernel.run(Duration.ofSeconds(3), 1.0, false);
        assertEquals(Level.THROTTLED, kernel.watch.level());
        kernel.watch.cellStarted();
        assertEquals(Level.NORMAL, kernel.tick(1.0, false), "the interval the cell began in counts as working");
        assertEquals(Level.THROTTLED, kernel.tick(1.0, false), "no new window for a kernel that was throttled already");
    }

    @Test
    void aThrottledKernelThatGoesQuietIsForgivenButOnlyACellRestoresIt() {
        Kernel kernel = new Kernel();
        kernel.run(Duration.ofSeconds(3), 1.0, false);
        assertEquals(Level.THROTTLED, kernel.run(Duration.ofSeconds(10), 0.01, false),
                "quiet: the loop ended, or the room's cells starve it; either way nobody waits");
        assertEquals(Level.NORMAL, kernel.watch.cellStarted());
        kernel.tick(0.5, true);
        assertEquals(Level.NORMAL, kernel.tick(1.0, false), "forgiven: a burst after a cell gets the whole window again");
    }

    @Test
    void aLoopStarvedByABusyMachineStaysThrottled() {
        Kernel kernel = new Kernel();
        kernel.run(Duration.ofSeconds(3), 1.0, false);
        assertEquals(Level.THROTTLED, kernel.run(Duration.ofSeconds(30), 0.005, false),
                "its low weight leaves it a few thousandths of a core while the others' cells run");
        assertEquals(Level.THROTTLED, kernel.tick(0.1, false), "the room goes quiet: the loop takes its quota again");
    }

    @Test
    void theCpuOfACellThatEndsBetweenRoundsIsTheCells() {
        Kernel kernel = new Kernel();
        kernel.watch.cellStarted();
        kernel.tick(1.0, true);                           // a round while the cell runs
        kernel.tick(Duration.ofMillis(300), 1.0, true);   // the reading as the cell ends
        kernel.tick(Duration.ofMillis(200), 0.8, false);  // the next round: only these 200 ms are idle
        assertEquals(Level.NORMAL, kernel.run(Duration.ofMillis(2000), 0.8, false),
                "2.2 s at 0.8 cores after the cell, 1.76 s of CPU, is within the 2 s window");
        assertEquals(Level.THROTTLED, kernel.tick(0.8, false), "2.16 s of CPU is not");
    }

    @Test
    void theWindowIsCpuTimeSoABusyMachineStretchingTheJitsWorkDoesNotMakeItALoop() {
        Kernel kernel = new Kernel();
        kernel.watch.cellStarted();
        kernel.tick(1.0, true);
        assertEquals(Level.NORMAL, kernel.run(Duration.ofSeconds(6), 0.3, false),
                "1.8 s of compiling spread over 6 s by the room's cells: more than 2 s on the clock, less than 2 s of CPU");
        assertEquals(Level.NORMAL, kernel.run(Duration.ofSeconds(10), 0.01, false));
    }

    @Test
    void aLoopWithHalfACoreIsThrottledOnceItHasUsedTheWindow() {
        Kernel kernel = new Kernel();
        assertEquals(Level.NORMAL, kernel.run(Duration.ofMillis(3500), 0.5, false), "1.75 s of CPU");
        assertEquals(Level.THROTTLED, kernel.tick(0.5, false), "2 s of CPU, in 4 s on a busy machine");
    }

    @Test
    void aLongCellGetsALowWeightButKeepsItsQuotaUntilTheNextCell() {
        Kernel kernel = new Kernel();
        kernel.watch.cellStarted();
        assertEquals(Level.NORMAL, kernel.run(Duration.ofSeconds(3), 1.0, true), "three seconds of CPU is the budget");
        assertEquals(Level.BACKGROUND, kernel.tick(1.0, true), "more than three");
        assertEquals(Level.BACKGROUND, kernel.run(Duration.ofSeconds(60), 1.0, true), "however long it runs");
        assertEquals(Level.BACKGROUND, kernel.run(Duration.ofSeconds(10), 0.01, false), "the cell ended: nobody waits for the kernel");
        assertEquals(Level.NORMAL, kernel.watch.cellStarted(), "the learner's next cell");
    }

    @Test
    void aLongCellThatLeavesALoopBehindIsThrottled() {
        Kernel kernel = new Kernel();
        kernel.watch.cellStarted();
        assertEquals(Level.BACKGROUND, kernel.run(Duration.ofSeconds(5), 1.0, true));
        assertEquals(Level.THROTTLED, kernel.run(Duration.ofSeconds(2), 1.0, false));
    }

    @Test
    void aCellWaitingWithoutCpuIsNotCountedAgainstItsBudget() {
        Kernel kernel = new Kernel();
        kernel.watch.cellStarted();
        assertEquals(Level.NORMAL, kernel.run(Duration.ofSeconds(100), 0.02, true), "a cell waiting for input or sleeping");
    }

    @Test
    void moderateWorkWhileIdleKeepsTheLevelItHas() {
        Kernel kernel = new Kernel();
        assertEquals(Level.NORMAL, kernel.run(Duration.ofSeconds(30), 0.15, false), "below the burning rate");
        kernel.run(Duration.ofSeconds(3), 1.0, false);
        assertEquals(Level.THROTTLED, kernel.run(Duration.ofSeconds(30), 0.08, false), "above the quiet rate");
    }

    @Test
    void aClockThatDoesNotMoveChangesNothing() {
        CpuWatch watch = new CpuWatch(CpuWatch.Settings.defaults(), 100, 0);
        assertEquals(Level.NORMAL, watch.observe(100, Duration.ofSeconds(50).toNanos(), false));
        assertEquals(Level.NORMAL, watch.observe(50, Duration.ofSeconds(60).toNanos(), false));
    }

    @Test
    void settingsThatCouldNeverRestoreOrNeverThrottleAreRefused() {
        Duration second = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new CpuWatch.Settings(Duration.ZERO, 0.25, second, 0.05, second, 10));
        assertThrows(IllegalArgumentException.class, () -> new CpuWatch.Settings(second, 0.25, second, 0.3, second, 10),
                "quiet above burning");
        assertThrows(IllegalArgumentException.class, () -> new CpuWatch.Settings(second, 0.25, second, 0.05, second, 5),
                "a throttled loop at 5% would look quiet at 5%");
        assertThrows(IllegalArgumentException.class, () -> new CpuWatch.Settings(second, 0.25, Duration.ofSeconds(-1), 0.05, second, 10));
    }
}
