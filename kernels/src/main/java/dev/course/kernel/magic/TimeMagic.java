package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellOutcome;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * {@code %time EXPR} and {@code %%time}: runs Java and says how long it took — wall-clock time, and
 * the CPU time the whole kernel JVM used meanwhile (JIT compiler and garbage collector included,
 * which is why it can exceed the wall time on two cores). The value of the Java is the cell's value.
 */
public final class TimeMagic implements Magic {

    @Override
    public String name() {
        return "time";
    }

    @Override
    public String usage() {
        return "%time JAVA  |  %%time";
    }

    @Override
    public String summary() {
        return "runs the Java on the line (or the cell below %%time) and prints the CPU and wall time it took";
    }

    @Override
    public boolean isCell() {
        return true;
    }

    @Override
    public CellOutcome runLine(String args, MagicContext context) throws MagicException {
        if (args.isBlank()) {
            throw new MagicException("%time needs the Java to time on its line, such as %time fib(30); %%time times a whole cell");
        }
        return timed(args, context);
    }

    @Override
    public CellOutcome runCell(String args, String body, MagicContext context) throws MagicException {
        if (!args.isBlank()) {
            throw new MagicException("%%time takes no arguments: put the Java on the lines below it");
        }
        return timed(body, context);
    }

    private static CellOutcome timed(String java, MagicContext context) {
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        CellOutcome outcome = context.java().run(java, context.executionCount());
        long wall = System.nanoTime() - start;
        long cpu = processCpuNanos() - cpuBefore;
        context.out().println((cpu >= 0 ? "CPU time: " + format(cpu) + " (whole kernel), " : "") + "Wall time: " + format(wall));
        return outcome;
    }

    /** CPU time of this JVM so far, or a negative number if the platform does not say. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** {@code 850 µs}, {@code 12.3 ms}, {@code 4.56 s}. */
    static String format(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%d µs", nanos / 1000);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
