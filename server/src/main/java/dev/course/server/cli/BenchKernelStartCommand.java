package dev.course.server.cli;

import dev.course.server.kernel.KernelClassArchive;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.kernel.KernelSession;
import dev.course.server.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code course bench kernel-start [--runs N] [--json]}: how long a new kernel takes from launch to
 * the answer of its first cell without a class-data archive, with a dynamic AppCDS archive and with
 * an AOT cache ({@link KernelClassArchive.Kind}), taking turns in the same run, as the server
 * launches kernels (same sandbox, limits and practice cells). Makes the archives first if needed.
 *
 * <pre>{@code
 * {"bench": "kernel-start", "runs": 5, "without_archive_ms": 4210.0, "cds_ms": 3900.0, "aot_ms": 3000.0, "cds_ratio": 1.08, "aot_ratio": 1.40}
 * }</pre>
 */
@Command(name = "kernel-start", mixinStandardHelpOptions = true,
        description = "Launch-to-first-cell time of a kernel without a class-data archive, with AppCDS and with an AOT cache, same run.",
        footer = "--json prints one object: {\"bench\": \"kernel-start\", \"without_archive_ms\", \"cds_ms\", \"aot_ms\", \"cds_ratio\", \"aot_ratio\"}.")
public final class BenchKernelStartCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", converter = OptionRanges.AtLeastOne.class, description = "Kernels started each way (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        Sandbox sandbox = Sandbox.detect();
        KernelLimits limits = KernelLimits.defaults();
        KernelLauncher launcher = KernelLauncher.forThisApplication(sandbox, limits);
        KernelLauncher without = launcher.withoutArchive();
        KernelLauncher cds = launcher.withArchive(KernelClassArchive.Kind.CDS);
        KernelLauncher aot = launcher.withArchive(KernelClassArchive.Kind.AOT);
        for (KernelLauncher archived : List.of(cds, aot)) {
            if (!archived.prepareClassArchive().get(5, TimeUnit.MINUTES)) {
                System.err.println("course bench kernel-start: the " + archived.classArchive().kind()
                        + " archive could not be made (see the log above)");
                return 1;
            }
        }
        List<Double> withoutTimes = new ArrayList<>();
        List<Double> cdsTimes = new ArrayList<>();
        List<Double> aotTimes = new ArrayList<>();
        timeFirstCell(without, "warm-up"); // the first JVM of a run also pays for a cold disk cache
        for (int i = 0; i < runs; i++) {
            withoutTimes.add(timeFirstCell(without, "plain-" + i));
            cdsTimes.add(timeFirstCell(cds, "cds-" + i));
            aotTimes.add(timeFirstCell(aot, "aot-" + i));
        }
        double plain = median(withoutTimes);
        double cdsMs = median(cdsTimes);
        double aotMs = median(aotTimes);
        if (json.on()) {
            System.out.printf(Locale.ROOT, "{\"bench\": \"kernel-start\", \"runs\": %d, \"without_archive_ms\": %.1f, "
                    + "\"cds_ms\": %.1f, \"aot_ms\": %.1f, \"cds_ratio\": %.2f, \"aot_ratio\": %.2f}%n",
                    runs, plain, cdsMs, aotMs, plain / cdsMs, plain / aotMs);
        } else {
            System.out.printf(Locale.ROOT, "kernel launch to first cell (median of %d, %s):%n", runs, sandbox.describe(limits));
            System.out.printf(Locale.ROOT, "  without class-data archive  %8.1f ms%n", plain);
            System.out.printf(Locale.ROOT, "  AppCDS dynamic archive      %8.1f ms   (%.2fx)%n", cdsMs, plain / cdsMs);
            System.out.printf(Locale.ROOT, "  AOT cache                   %8.1f ms   (%.2fx)%n", aotMs, plain / aotMs);
            System.out.println("  the server uses: " + launcher.classArchive().kind() + " (" + launcher.classArchive().file() + ")");
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
