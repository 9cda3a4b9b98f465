package dev.course.server.cli;

import dev.course.server.kernel.KernelClassArchive;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.kernel.KernelLimits;
import dev.course.server.kernel.KernelSession;
import dev.course.server.kernel.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code course bench kernel-start [--runs N] [--json]}: how long a new kernel takes from launch to
 * the answer of its first cell, with the class-data archive ({@link KernelClassArchive}) and
 * without it, alternating in the same run, as the server launches kernels (same sandbox, limits and
 * practice cells). Makes the archive first if it does not exist.
 *
 * <pre>{@code
 * {"bench": "kernel-start", "runs": 5, "without_archive_ms": 4210.0, "with_archive_ms": 2650.0, "ratio": 1.59}
 * }</pre>
 */
@Command(name = "kernel-start", mixinStandardHelpOptions = true,
        description = "Launch-to-first-cell time of a kernel with and without its class-data archive (AppCDS), same run.")
public final class BenchKernelStartCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", description = "Kernels started each way (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "Print one JSON object: {\"bench\": \"kernel-start\", \"without_archive_ms\", \"with_archive_ms\", \"ratio\"}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            System.err.println("course bench kernel-start: --runs must be at least 1");
            return 2;
        }
        Sandbox sandbox = Sandbox.detect();
        KernelLimits limits = KernelLimits.defaults();
        KernelLauncher withArchive = KernelLauncher.forThisApplication(sandbox, limits);
        KernelLauncher without = new KernelLauncher(Path.of(System.getProperty("java.home")), KernelLauncher.currentClassPath(),
                sandbox, limits, KernelClassArchive.none());
        if (!withArchive.prepareClassArchive().get(5, TimeUnit.MINUTES)) {
            System.err.println("course bench kernel-start: the class-data archive could not be made (see the log above)");
            return 1;
        }
        List<Double> withTimes = new ArrayList<>();
        List<Double> withoutTimes = new ArrayList<>();
        timeFirstCell(without, "warm-up"); // the first JVM of a run also pays for a cold disk cache
        for (int i = 0; i < runs; i++) {
            withoutTimes.add(timeFirstCell(without, "plain-" + i));
            withTimes.add(timeFirstCell(withArchive, "cds-" + i));
        }
        double plain = median(withoutTimes);
        double shared = median(withTimes);
        double ratio = plain / shared;
        if (json) {
            System.out.printf(Locale.ROOT, "{\"bench\": \"kernel-start\", \"runs\": %d, \"without_archive_ms\": %.1f, "
                    + "\"with_archive_ms\": %.1f, \"ratio\": %.2f}%n", runs, plain, shared, ratio);
        } else {
            System.out.printf(Locale.ROOT, "kernel launch to first cell (median of %d, %s):%n", runs, sandbox.describe(limits));
            System.out.printf(Locale.ROOT, "  without class-data archive  %8.1f ms%n", plain);
            System.out.printf(Locale.ROOT, "  with class-data archive     %8.1f ms   (%.2fx faster)%n", shared, ratio);
            System.out.println("  archive: " + withArchive.classArchive().file());
        }
        return 0;
    }

    /** Milliseconds from launching a kernel to the reply of its first cell. */
    private static double timeFirstCell(KernelLauncher launcher, String name) throws Exception {
        long start = System.nanoTime();
        try (KernelSession session = new KernelSession("bench-start-" + name, launcher, List.of())) {
            KernelSession.Reply reply = session.execute("6 * 7", (type, content) -> { }).get(5, TimeUnit.MINUTES);
            if (!reply.status().equals("ok")) {
                throw new IllegalStateException("the first cell failed: " + reply.reply());
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
