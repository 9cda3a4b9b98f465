package dev.course.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.lessons.Block;
import dev.course.lessons.CourseContent;
import dev.course.lessons.Lesson;
import dev.course.server.app.CourseApplication;
import dev.course.server.kernel.KernelPool;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.sandbox.KernelLimits;
import dev.course.kernel.protocol.Messages;
import dev.course.server.sandbox.Sandbox;
import dev.course.server.kernel.WarmKernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code course bench cell [--json]}: how fast a cell answers. Starts the application {@code serve}
 * starts ({@link CourseApplication}: real sandboxed kernels, a warm pool, the shared model service)
 * on a free loopback port, then measures as a browser would (a
 * WebSocket client): a new learner's first cell, and the p50/p95 round trip of small cells.
 *
 * <pre>{@code
 * {"bench": "cell", "first_cell_ms": 180.4, "p50_ms": 11.2, "p95_ms": 16.9, "models": "service"}
 * }</pre>
 */
@Command(name = "cell", mixinStandardHelpOptions = true,
        description = "First-cell latency of a new learner and p50/p95 round trip of small cells, through the real "
                + "server (WebSocket) and a real sandboxed kernel. Targets: first cell <= 1000 ms, p50 <= 30 ms.",
        footer = "--json prints one object: {\"bench\": \"cell\", \"first_cell_ms\", \"p50_ms\", \"p95_ms\", \"models\"} "
                + "(models: service, the server's shared model service, as under serve).")
public final class BenchCellCommand implements Callable<Integer> {

    /** The targets of issue 6: a new learner's first cell, and the median small cell. */
    static final double FIRST_CELL_TARGET_MS = 1000;
    static final double P50_TARGET_MS = 30;
    /** Slower than the server's per-learner rate limit (5 cells a second), as a person runs cells. */
    private static final Duration SPACING = Duration.ofMillis(250);
    private static final Duration WARM_POOL_WAIT = Duration.ofSeconds(120);
    /** One learner and the warm pool: room to spare. */
    private static final int MAX_KERNELS = 8;

    @Mixin
    JsonOption json;

    @Option(names = "--cells", defaultValue = "100", converter = OptionRanges.AtLeastOne.class, description = "Small cells to time (default: ${DEFAULT-VALUE}).")
    int cells;

    @Option(names = "--warm-up", defaultValue = "10", converter = OptionRanges.AtLeastZero.class, description = "Small cells run before timing (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--warm-kernels", defaultValue = "" + WarmKernels.DEFAULT_SIZE, converter = OptionRanges.AtLeastZero.class,
            description = "Kernels started ahead for new learners (default: ${DEFAULT-VALUE}; 0 measures a cold start).")
    int warmKernels;

    @Mixin
    CpuGovernorOption cpuGovernor;

    @Option(names = "--lesson", paramLabel = "TRACK/SLUG", description = "The lesson whose kernel runs the cells (default: the first).")
    String lessonPath;

    @Override
    public Integer call() throws Exception {
        CourseContent content = CourseContent.packaged();
        Lesson lesson = lessonPath == null ? content.course().lessons().getFirst()
                : content.course().lessons().stream().filter(l -> path(l).equals(lessonPath)).findFirst().orElse(null);
        if (lesson == null) {
            throw new UserError("no lesson " + lessonPath);
        }
        String cellId = lesson.cells().stream().filter(c -> c.role() != dev.course.lessons.CellRole.SETUP).map(Block.Cell::id).findFirst().orElse(null);
        if (cellId == null) {
            throw new UserError("lesson " + path(lesson) + " has no cells");
        }
        Sandbox sandbox = Sandbox.detect();
        KernelLimits limits = KernelLimits.defaults();
        KernelLauncher launcher = KernelLauncher.forThisApplication(sandbox, limits);
        launcher.prepareClassArchive().get(5, TimeUnit.MINUTES);   // as serve does at start
        // The server serve assembles (model service, course search, a fresh progress database), on a free loopback port.
        try (CourseApplication application = CourseApplication.serving(content).localKernels(launcher)
                .maxKernels(MAX_KERNELS).warmKernels(warmKernels).cpuGovernor(cpuGovernor.on()).start()) {
            if (!json.on()) {
                System.out.println("Cell benchmark: lesson " + path(lesson) + ", kernels " + sandbox.describe(limits)
                        + ", models " + models(application));
            }
            awaitWarmPool(application.kernels());
            CellBenchmark.Result result = new CellBenchmark(application.loopbackUrl(), path(lesson), cellId)
                    .run(warmUp, cells, SPACING, () -> awaitWarmPool(application.kernels()));
            print(result, models(application));
        }
        return 0;
    }

    /**
     * Waits until the warm pool is full: before the first cell (a new learner finds kernels ready),
     * and after it, so that the small cells measure the steady state rather than a kernel starting
     * beside them.
     */
    private void awaitWarmPool(KernelPool pool) {
        long deadline = System.nanoTime() + WARM_POOL_WAIT.toNanos();
        try {
            while (pool.warmReady() < warmKernels && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(500); // let the last one's start-up settle
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the kernels' bundled models run: {@code service} (the server's one copy, as under serve) or {@code kernel}. */
    private static String models(CourseApplication application) {
        return application.modelService() != null ? "service" : "kernel";
    }

    private void print(CellBenchmark.Result result, String models) {
        double p50 = result.percentile(50);
        double p95 = result.percentile(95);
        if (json.on()) {
            ObjectNode line = Messages.JSON.createObjectNode();
            line.put("bench", "cell");
            line.put("first_cell_ms", round(result.firstCellMillis()));
            line.put("p50_ms", round(p50));
            line.put("p95_ms", round(p95));
            line.put("models", models);
            System.out.println(line);
            return;
        }
        System.out.printf("first cell of a new learner  %8.1f ms  (target <= %.0f ms, %s warm kernels)%n",
                result.firstCellMillis(), FIRST_CELL_TARGET_MS, warmKernels);
        System.out.printf("small cells (%d)             p50 %6.1f ms, p95 %6.1f ms  (target p50 <= %.0f ms)%n",
                result.roundTripsMillis().size(), p50, p95, P50_TARGET_MS);
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    private static String path(Lesson lesson) {
        return lesson.meta().track() + "/" + lesson.slug();
    }
}
