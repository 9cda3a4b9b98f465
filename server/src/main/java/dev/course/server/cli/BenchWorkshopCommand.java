package dev.course.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.server.bench.WorkshopBenchmark;
import dev.course.kernel.protocol.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code course bench workshop --learners 40 --minutes 10 [--json]}: a room of simulated learners
 * against a real server with real sandboxed kernels.
 */
@Command(name = "workshop", mixinStandardHelpOptions = true,
        description = "Simulate a workshop: learners join, run the lesson's cells, check exercises and make mistakes, "
                + "against a real server and real sandboxed kernels.")
public final class BenchWorkshopCommand implements Callable<Integer> {

    @Option(names = "--learners", defaultValue = "40", description = "How many learners (default: ${DEFAULT-VALUE}).")
    int learners;

    @Option(names = "--minutes", defaultValue = "10", description = "How long they work (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--lessons", split = ",", defaultValue = "foundations/vectors-and-similarity",
            description = "The lessons they work through, as track/slug (default: ${DEFAULT-VALUE}).")
    List<String> lessons;

    @Option(names = "--warm-kernels", paramLabel = "N",
            description = "Kernels started before the learners arrive, as `serve --workshop --warm-kernels N` does before "
                    + "class (default: one per learner, looping learners included; 0 starts each learner's kernel when they arrive).")
    Integer warmKernels;

    @Spec
    CommandSpec spec;

    @Option(names = "--think-seconds", paramLabel = "MIN-MAX", defaultValue = "5-20",
            description = "Each learner's pause before a cell, uniform in this range: reading, editing "
                    + "(default: ${DEFAULT-VALUE}; 1.5-5 is a room that only presses Shift+Enter).")
    String thinkSeconds;

    @Option(names = "--looping-learners", paramLabel = "N", defaultValue = "0", converter = OptionRanges.AtLeastZero.class,
            description = "Extra learners who each leave an endless loop running in a background thread of their kernel "
                    + "and stay till the end; their cells are not counted, so the numbers show what the loops cost the "
                    + "others (default: ${DEFAULT-VALUE}).")
    int loopingLearners;

    @Mixin
    CpuGovernorOption cpuGovernor;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        Duration[] think = thinkRange(thinkSeconds);
        var settings = new WorkshopBenchmark.Settings(learners, Duration.ofSeconds(Math.round(minutes * 60)), lessons,
                Duration.ofSeconds(Math.min(30, learners)), warmKernels == null ? learners + loopingLearners : warmKernels, think[0], think[1], 42,
                loopingLearners, cpuGovernor.on());
        if (!json.on()) {
            System.out.printf("Workshop benchmark: %d learners for %.1f minutes on %s, each pausing %s s before a cell%s%n",
                    learners, minutes, String.join(", ", lessons), thinkSeconds,
                    (loopingLearners == 0 ? "" : ", and " + loopingLearners + " more running an endless loop in a background thread")
                            + (settings.cpuGovernor() ? "" : " (CPU governor off)"));
        }
        WorkshopBenchmark.Result r = new WorkshopBenchmark(settings, line -> {
            if (!json.on()) {
                System.out.println(line);
            }
        }).run();
        int cores = Runtime.getRuntime().availableProcessors();
        long perLearnerMb = (r.peakRssMb() - r.serverRssMb()) / r.learners();
        // PSS counts pages that kernels share (class-data archive, JDK files) once, not once per kernel
        long perLearnerPssMb = r.peakPssMb() == 0 ? perLearnerMb : (r.peakPssMb() - r.serverRssMb()) / r.learners();
        long machineMb = Math.max(1, com.sun.management.OperatingSystemMXBean.class.cast(
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024));
        if (json.on()) {
            ObjectNode line = Messages.JSON.createObjectNode();
            line.put("bench", "workshop");
            line.put("learners", r.learners());
            line.put("looping_learners", loopingLearners);
            line.put("think_seconds", thinkSeconds);
            line.put("minutes", Math.round(r.minutes() * 100) / 100.0);
            line.put("cells", r.cells());
            line.put("p50_ms", r.p50Ms());
            line.put("p95_ms", r.p95Ms());
            line.put("p99_ms", r.p99Ms());
            line.put("max_ms", r.maxMs());
            line.put("check_p50_ms", r.checkP50Ms());
            line.put("check_p95_ms", r.checkP95Ms());
            line.put("first_cell_p50_ms", r.firstCellP50Ms());
            line.put("first_cell_p95_ms", r.firstCellP95Ms());
            line.put("first_cell_max_ms", r.firstCellMaxMs());
            line.put("warm_kernels", settings.warmKernels());
            line.put("warm_up_s", Math.round(r.warmUpMillis() / 100.0) / 10.0);
            line.put("errors", r.errors());
            line.put("peak_rss_mb", r.peakRssMb());
            line.put("server_rss_mb", r.serverRssMb());
            line.put("rss_per_learner_mb", perLearnerMb);
            line.put("peak_pss_mb", r.peakPssMb());
            line.put("pss_per_learner_mb", perLearnerPssMb);
            line.put("kernels_started", r.kernelsStarted());
            line.put("cpu_cores_used", Math.round(r.cpuCoresUsed() * 100) / 100.0);
            line.put("server_cores_used", Math.round(r.serverCoresUsed() * 100) / 100.0);
            System.out.println(line);
        } else {
            System.out.printf("%ncells run          %d (%d errors)%n", r.cells(), r.errors());
            r.errorSamples().forEach(e -> System.out.println("  error: " + e));
            System.out.printf("cell latency       p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (exercise checks among them: p50 %d ms, p95 %d ms)%n",
                    r.p50Ms(), r.p95Ms(), r.p99Ms(), r.maxMs(), r.checkP50Ms(), r.checkP95Ms());
            System.out.printf("first cell         p50 %d ms, p95 %d ms, max %d ms (%s)%n", r.firstCellP50Ms(), r.firstCellP95Ms(), r.firstCellMaxMs(),
                    settings.warmKernels() >= r.learners() ? "kernels started before class, in " + r.warmUpMillis() / 1000 + " s"
                            : "includes starting the learner's kernel; " + settings.warmKernels() + " started before class");
            System.out.printf("memory             peak %d MB RSS in all (server %d MB, about %d MB per learner); "
                            + "%d MB PSS, shared pages counted once (about %d MB per learner); %d kernels at once, %d started%n",
                    r.peakRssMb(), r.serverRssMb(), perLearnerMb, r.peakPssMb(), perLearnerPssMb, r.peakKernels(), r.kernelsStarted());
            System.out.printf("CPU                %.2f of %d cores busy on average while the room worked (the server %.2f of them)%n",
                    r.cpuCoresUsed(), cores, r.serverCoresUsed());
            System.out.printf("kernels            %s%n", r.sandbox());
            long byMemory = perLearnerPssMb <= 0 ? 0 : (long) (machineMb * 0.8 - r.serverRssMb()) / perLearnerPssMb;
            double perCore = r.cpuCoresUsed() <= 0 ? 0 : r.learners() / r.cpuCoresUsed();
            System.out.printf("capacity           memory: about %d learners in 80%% of this machine's %d MB; "
                    + "CPU: about %.0f learners per busy core at this pace%n", byMemory, machineMb, perCore);
        }
        return r.errors() == 0 ? 0 : 1;
    }

    /** Parses {@code MIN-MAX} seconds, e.g. {@code 5-20} or {@code 1.5-5}. */
    private Duration[] thinkRange(String text) {
        String[] parts = text.split("-");
        try {
            if (parts.length == 2) {
                Duration min = Duration.ofMillis(Math.round(Double.parseDouble(parts[0].trim()) * 1000));
                Duration max = Duration.ofMillis(Math.round(Double.parseDouble(parts[1].trim()) * 1000));
                if (!min.isNegative() && max.compareTo(min) >= 0) {
                    return new Duration[]{min, max};
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--think-seconds wants MIN-MAX in seconds with 0 <= MIN <= MAX, e.g. 5-20; got '" + text + "'");
    }
}
