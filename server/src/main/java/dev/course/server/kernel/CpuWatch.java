package dev.course.server.kernel;

import java.time.Duration;

/**
 * Decides, for one kernel, how much CPU it deserves now: the decision half of {@link CpuGovernor},
 * kept free of clocks, files and threads so that it can be tested with made-up numbers.
 *
 * <p>Every kernel's cgroup gets the same weight and a quota of one core, which keeps kernels equal,
 * but not learners: on a two-core machine one kernel whose background thread loops after its cell
 * has ended holds a core for as long as the kernel lives, and every other learner's cells share
 * what is left. Nobody waits for work a kernel does while no cell runs, and a cell that has burned
 * seconds of CPU is no longer interactive, so the watch compares the CPU time a kernel used over
 * each interval with whether a cell was running:
 * <ul>
 *   <li>a cell that has used more than {@link Settings#cellCpuBudget()} of CPU makes the kernel
 *       {@link Level#BACKGROUND}: a low weight, so that under contention the others' short cells go
 *       first, but its full quota, so that on an idle machine the long cell runs as fast as before;</li>
 *   <li>CPU burned at {@link Settings#idleBurnCores()} or more while no cell runs, until that stretch
 *       has used {@link Settings#idleBurnCpu()} of CPU time, makes it {@link Level#THROTTLED}: the low
 *       weight and a quota of {@link Settings#throttledPercent()} of a core, which holds on an idle
 *       machine too;</li>
 *   <li>a new cell restores it to {@link Level#NORMAL} at once (an interactive learner is never
 *       punished for the previous cell), and nothing else does. A kernel restored by a cell that goes
 *       on burning once the cell is over is throttled again at the next interval, without a new
 *       window: a learner cannot keep a background loop at full speed by running a cell every few
 *       seconds. Going quiet (at most {@link Settings#quietCores()} for {@link Settings#quietWindow()})
 *       forgives that: after the next cell the kernel gets the whole window again.</li>
 * </ul>
 * The window is there because a JVM works a little after a cell on its own account (the JIT
 * compiles what the cell ran, the collector runs): a burst of that is not a loop. It is counted in
 * CPU time, not on the clock: on a busy machine the same burst of compiling is stretched over more
 * seconds at a smaller share of a core, and a window on the clock throttled such kernels after their
 * first cells (seen in {@code bench cell}'s log on a loaded machine), holding their JIT to a tenth of
 * a core while their learners read. A loop that has a whole core fills the window as fast as before.
 *
 * <p>Why quiet does not restore: a demoted kernel's low weight starves it whenever the machine is
 * busy, so a loop held to a few thousandths of a core by the room's cells reads exactly like a
 * kernel whose loop has ended. Restoring it then would give the loop a whole core at the room's
 * busiest moments, for the length of the window, again and again. Nobody waits for what a kernel
 * does while no cell runs (but for the completions a page asks for while its learner types, which a
 * demoted kernel answers on its small quota), so it loses little by waiting for its learner's next
 * cell.
 *
 * <p>Not thread-safe: the governor calls it under its own lock.
 */
final class CpuWatch {

    /** How much CPU a kernel may use now. */
    enum Level {
        /** Every kernel's weight and quota. */
        NORMAL,
        /** A low weight, the usual quota: a long cell. */
        BACKGROUND,
        /** A low weight and a small quota: CPU burned while no cell runs. */
        THROTTLED
    }

    /**
     * The thresholds of a watch.
     *
     * @param cellCpuBudget    CPU time a cell may use before its kernel becomes {@link Level#BACKGROUND}
     * @param idleBurnCores    the rate (cores) at which CPU used while no cell runs counts as burning
     * @param idleBurnCpu      how much CPU time a kernel may burn while no cell runs, in one stretch at
     *                         {@code idleBurnCores} or more, before it is {@link Level#THROTTLED}
     * @param quietCores       the rate (cores) at or below which a kernel counts as quiet
     * @param quietWindow      how long a throttled kernel must be quiet to be forgiven (its next burst after a
     *                         cell gets the whole window again)
     * @param throttledPercent the quota of a throttled kernel, 100 = one core; above {@code quietCores},
     *                         so that a throttled loop, held to its quota, never looks quiet
     */
    record Settings(Duration cellCpuBudget, double idleBurnCores, Duration idleBurnCpu, double quietCores,
                    Duration quietWindow, int throttledPercent) {

        /** A few seconds of CPU: far more than the cells of a lesson take (a few hundred milliseconds), far less than a training run. */
        static final Duration DEFAULT_CELL_CPU_BUDGET = Duration.ofSeconds(3);
        /** A quarter of a core: an idle kernel JVM uses about a hundredth. */
        static final double DEFAULT_IDLE_BURN_CORES = 0.25;
        /** More than the JIT's and collector's work after a cell usually costs; two seconds of a loop with a whole core. */
        static final Duration DEFAULT_IDLE_BURN_CPU = Duration.ofSeconds(2);
        /** A twentieth of a core: below a throttled kernel's quota, above an idle JVM; quiet forgives, it does not restore. */
        static final double DEFAULT_QUIET_CORES = 0.05;
        static final Duration DEFAULT_QUIET_WINDOW = Duration.ofSeconds(2);
        /** A tenth of a core: a loop still runs (the learner sees it run, slowly) but costs the room little. */
        static final int DEFAULT_THROTTLED_PERCENT = 10;

        Settings {
            if (cellCpuBudget.isNegative() || cellCpuBudget.isZero() || idleBurnCpu.isNegative()
                    || quietWindow.isNegative()) {
                throw new IllegalArgumentException("the cell's CPU budget must be positive and the windows not negative");
            }
            if (!(quietCores >= 0 && quietCores < idleBurnCores)) {
                throw new IllegalArgumentException("quietCores (" + quietCores + ") must be at least 0 and below idleBurnCores ("
                        + idleBurnCores + ")");
            }
            if (throttledPercent < 1 || throttledPercent / 100.0 <= quietCores) {
                throw new IllegalArgumentException("throttledPercent (" + throttledPercent + ") must be positive and above quietCores ("
                        + quietCores + " cores), or a throttled loop would look quiet");
            }
        }

        static Settings defaults() {
            return new Settings(DEFAULT_CELL_CPU_BUDGET, DEFAULT_IDLE_BURN_CORES, DEFAULT_IDLE_BURN_CPU,
                    DEFAULT_QUIET_CORES, DEFAULT_QUIET_WINDOW, DEFAULT_THROTTLED_PERCENT);
        }
    }

    private final Settings settings;
    private Level level = Level.NORMAL;
    private long lastNanos;
    private long lastUsage;
    /** CPU used since the running cell began (nanoseconds). */
    private long cellCpu;
    /** CPU time used in the current stretch of burning while idle (nanoseconds); 0 when not burning. */
    private long burnedCpu;
    /** When the current stretch of quiet began, or -1. */
    private long quietSince = -1;
    /** Throttled and not quiet since: after a cell that restored it, it is throttled again at once if it burns. */
    private boolean offender;
    /** A cell began during the current interval: the interval counts as working even if the cell is over. */
    private boolean cellBegan;

    /**
     * @param now   the clock now (nanoseconds, any origin)
     * @param usage the kernel's CPU time used so far (nanoseconds)
     */
    CpuWatch(Settings settings, long now, long usage) {
        this.settings = settings;
        this.lastNanos = now;
        this.lastUsage = usage;
    }

    Level level() {
        return level;
    }

    /** A new cell begins: the kernel gets its full share back for it. */
    Level cellStarted() {
        cellBegan = true;
        cellCpu = 0;
        burnedCpu = 0;
        quietSince = -1;
        level = Level.NORMAL;
        return level;
    }

    /**
     * Takes one interval's reading and returns the level the kernel should have now.
     *
     * @param now     the clock now (nanoseconds, same origin as before)
     * @param usage   the kernel's CPU time used so far (nanoseconds)
     * @param working whether a cell (or the kernel's start and setup code) runs now; an interval in
     *                which {@link #cellStarted()} was called counts as working too
     */
    Level observe(long now, long usage, boolean working) {
        long elapsed = now - lastNanos;
        long used = Math.max(0, usage - lastUsage);
        if (elapsed <= 0) {
            return level;
        }
        long intervalStart = lastNanos;
        lastNanos = now;
        lastUsage = usage;
        double cores = used / (double) elapsed;
        boolean cell = working || cellBegan;
        cellBegan = false;
        if (cell) {
            burnedCpu = 0;
            quietSince = -1;
            cellCpu += used;
            if (level == Level.NORMAL && cellCpu > settings.cellCpuBudget().toNanos()) {
                level = Level.BACKGROUND;
            }
            return level;
        }
        cellCpu = 0;
        if (cores >= settings.idleBurnCores()) {
            quietSince = -1;
            burnedCpu += used;
            if (offender || burnedCpu >= settings.idleBurnCpu().toNanos()) {
                level = Level.THROTTLED;
                offender = true;
            }
        } else if (cores <= settings.quietCores()) {
            burnedCpu = 0;
            if (quietSince < 0) {
                quietSince = intervalStart;
            }
            if (now - quietSince >= settings.quietWindow().toNanos()) {
                offender = false; // forgiven, but not restored: see the class comment
            }
        } else {
            burnedCpu = 0;
            quietSince = -1;
        }
        return level;
    }
}
