package dev.course.server.bench;

import dev.course.lessons.Block;
import dev.course.lessons.CellRole;
import dev.course.lessons.CourseContent;
import dev.course.lessons.Lesson;
import dev.course.server.app.CourseApplication;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.kernel.KernelPool;
import dev.course.server.sandbox.Sandbox;
import dev.course.server.web.CourseServer;
import dev.course.server.workshop.Workshop;
import dev.course.server.workshop.WorkshopStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A room of simulated learners against a real server with real sandboxed kernels: each joins the
 * workshop, opens the lesson, runs its cells with thinking pauses, checks the exercise wrong and
 * then right, and now and then runs a faulty cell (a compile error, an exception, a flood of
 * output, an endless loop they interrupt). Reports cell latency, errors, memory and CPU.
 *
 * <p>With {@code loopingLearners}, that many more learners join, each runs one cell that leaves an
 * endless loop spinning in a background thread of their kernel (it outlives the cell: no wall clock
 * stops it), and then sit idle until the end, as a careless or hostile learner would. Their cells are
 * not counted; the room's latency shows whether the loops steal the others' CPU.
 */
public final class WorkshopBenchmark {

    /**
     * @param learners        how many learners join
     * @param duration        how long they work
     * @param lessons         the lessons they work through ({@code track/slug}), in order
     * @param arrivalSpread   over how long they arrive (a class does not click at the same millisecond)
     * @param warmKernels     kernels started before the learners arrive, as an instructor does by
     *                        starting {@code serve --workshop --warm-kernels N} before class (0: every
     *                        learner's kernel starts when they arrive)
     * @param thinkMin        shortest pause of a learner before their next cell (reading, editing)
     * @param thinkMax        longest such pause; each pause is uniform between the two
     * @param loopingLearners extra learners who each leave an endless loop running in a background thread
     * @param cpuGovernor     whether the server's {@link dev.course.server.kernel.CpuGovernor} runs (off only to
     *                        measure what it does)
     */
    public record Settings(int learners, Duration duration, List<String> lessons, Duration arrivalSpread,
                           int warmKernels, Duration thinkMin, Duration thinkMax, long seed, int loopingLearners,
                           boolean cpuGovernor) {

        public Settings {
            if (learners < 1) {
                throw new IllegalArgumentException("at least one learner");
            }
            if (thinkMin.isNegative() || thinkMax.compareTo(thinkMin) < 0) {
                throw new IllegalArgumentException("think time must be 0 <= min <= max, got " + thinkMin + " and " + thinkMax);
            }
            if (warmKernels < 0 || loopingLearners < 0) {
                throw new IllegalArgumentException("warm kernels and looping learners must not be negative: "
                        + warmKernels + ", " + loopingLearners);
            }
            lessons = List.copyOf(lessons);
        }
    }

    /** What the room saw. Latencies are of ordinary cells and checks (not of the deliberate loops and floods). */
    public record Result(int learners, double minutes, int cells, long p50Ms, long p95Ms, long p99Ms, long maxMs,
                         long checkP50Ms, long checkP95Ms, long firstCellP50Ms, long firstCellP95Ms, long firstCellMaxMs, int errors, List<String> errorSamples,
                         long peakRssMb, long peakPssMb, long serverRssMb, long peakKernels, int kernelsStarted,
                         double cpuCoresUsed, double serverCoresUsed, String sandbox, long warmUpMillis) {
    }

    private final Settings settings;
    private final Consumer<String> progress;

    public WorkshopBenchmark(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Result run() throws Exception {
        CourseContent content = CourseContent.packaged();
        List<Lesson> lessons = settings.lessons().stream().map(path -> {
            String[] parts = path.split("/", 2);
            return content.course().lesson(parts[0], parts[1])
                    .orElseThrow(() -> new IllegalArgumentException("no lesson " + path));
        }).toList();
        Sandbox sandbox = Sandbox.detect();
        KernelLimits limits = KernelLimits.defaults();
        long warmUpStart = System.nanoTime();
        KernelLauncher launcher = KernelLauncher.forThisApplication(sandbox, limits);
        if (settings.warmKernels() > 0) {
            // as serve does at start, before class: kernels then map the classes a first cell needs
            launcher.prepareClassArchive().get(5, TimeUnit.MINUTES);
        }
        // The server `course serve --workshop` assembles: the bundled models in the server's one shared copy.
        CourseApplication application = CourseApplication.serving(content).localKernels(launcher)
                .maxKernels((settings.learners() + settings.loopingLearners()) * lessons.size() + 4)
                .warmKernels(settings.warmKernels())
                .cpuGovernor(settings.cpuGovernor())
                .workshop(HexFormat.of().formatHex(new byte[16]) + "bench")
                // the whole room comes from 127.0.0.1, as a classroom behind one NAT address does
                .safeguards(CourseServer.Safeguards.ephemeral().withKernelCaps(lessons.size() + 1,
                        (settings.learners() + settings.loopingLearners()) * (lessons.size() + 1)))
                .start();
        KernelPool pool = application.kernels();
        WorkshopStore workshops = application.workshops();
        Workshop workshop = workshops.create("Benchmark workshop", settings.lessons());
        for (int i = 1; i < lessons.size(); i++) {
            workshops.unlockNext(workshop.code());
        }
        String base = application.loopbackUrl();
        awaitWarmKernels(pool);
        long warmUpMillis = (System.nanoTime() - warmUpStart) / 1_000_000;

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> checks = Collections.synchronizedList(new ArrayList<>());
        List<Long> firstCells = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicInteger cells = new AtomicInteger();
        ResourceSampler sampler = new ResourceSampler();
        sampler.sample();
        sampler.startRoom(); // CPU spent before class (the warm kernels' starts) is not the room's
        ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
        sampling.scheduleAtFixedRate(sampler::sample, 1, 1, TimeUnit.SECONDS);
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        try (var room = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < settings.loopingLearners(); i++) {
                int number = settings.learners() + i;
                room.submit(() -> {
                    loopingLearner(number, base, workshop.code(), lessons.getFirst(), end, errors);
                    return null;
                });
            }
            for (int i = 0; i < settings.learners(); i++) {
                int number = i;
                long arrival = settings.arrivalSpread().toMillis() * i / Math.max(1, settings.learners());
                room.submit(() -> {
                    Thread.sleep(arrival);
                    learner(number, base, workshop.code(), lessons, end, latencies, checks, firstCells, errors, cells);
                    return null;
                });
            }
            room.shutdown(); // no more learners; wait for those in the room
            while (!room.awaitTermination(30, TimeUnit.SECONDS)) {
                long elapsed = (System.nanoTime() - start) / 1_000_000_000;
                progress.accept(String.format("  %3d s: %d cells run, %d errors, %d kernels, %d MB in use",
                        elapsed, cells.get(), errors.size(), pool.size(), sampler.lastRssMb()));
            }
        } finally {
            sampling.shutdownNow();
            sampler.sample();
            application.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double minutes = seconds / 60;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        List<Long> sortedChecks = new ArrayList<>(checks);
        Collections.sort(sortedChecks);
        List<Long> firsts = new ArrayList<>(firstCells);
        Collections.sort(firsts);
        return new Result(settings.learners(), minutes, cells.get(), percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted.isEmpty() ? 0 : sorted.getLast(), percentile(sortedChecks, 50),
                percentile(sortedChecks, 95), percentile(firsts, 50), percentile(firsts, 95),
                firsts.isEmpty() ? 0 : firsts.getLast(), errors.size(), errors.stream().limit(5).toList(), sampler.peakRssMb(),
                sampler.peakPssMb(), sampler.serverRssMb(), sampler.peakKernels(), sampler.kernelsSeen(), sampler.cpu().sinceRoomStart() / seconds,
                sampler.cpu().sinceRoomStart(ProcessHandle.current().pid()) / seconds, sandbox.describe(limits), warmUpMillis);
    }

    /** Waits until the warm kernels the settings ask for are ready, as the room would before class. */
    private void awaitWarmKernels(KernelPool pool) throws InterruptedException {
        long started = System.nanoTime();
        long lastReport = started;
        while (pool.warmReady() < settings.warmKernels()) {
            Thread.sleep(200);
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                progress.accept(String.format("  before class: %d of %d kernels ready after %d s", pool.warmReady(),
                        settings.warmKernels(), (lastReport - started) / 1_000_000_000));
            }
        }
    }

    private void learner(int number, String base, String code, List<Lesson> lessons, long end, List<Long> latencies,
                         List<Long> checks,
                         List<Long> firstCells, List<String> errors, AtomicInteger cells) {
        Random random = new Random(settings.seed() + number);
        try (SimulatedLearner learner = new SimulatedLearner(base, PageConnection.newLearner(base))) {
            learner.join(code, "Learner " + (number + 1));
            boolean first = true;
            int round = 0;
            while (System.nanoTime() < end) {
                Lesson lesson = lessons.get(round++ % lessons.size());
                learner.open(lesson.meta().track() + "/" + lesson.slug());
                for (Block block : lesson.blocks()) {
                    if (System.nanoTime() >= end) {
                        return;
                    }
                    think(random, settings.thinkMin(), settings.thinkMax());
                    switch (block) {
                        case Block.Cell cell when cell.role() != CellRole.SETUP -> {
                            SimulatedLearner.Ran ran = learner.run(cell.id(), cell.source(), Duration.ofSeconds(120));
                            cells.incrementAndGet();
                            if (first) {
                                firstCells.add(ran.millis());
                                first = false;
                            } else {
                                latencies.add(ran.millis());
                            }
                            expect(ran, "ok", "cell " + cell.id() + " of " + lesson.slug(), errors);
                            reloadAfterTimeout(learner, ran, lesson);
                        }
                        case Block.Exercise exercise -> {
                            SimulatedLearner.Ran wrong = learner.check(exercise.id(), exercise.starter(), Duration.ofSeconds(120));
                            SimulatedLearner.Ran right = learner.check(exercise.id(), exercise.solution(), Duration.ofSeconds(120));
                            cells.addAndGet(2);
                            latencies.add(wrong.millis());
                            latencies.add(right.millis());
                            checks.add(wrong.millis());
                            checks.add(right.millis());
                            expect(wrong, "ok", "checking the starter of " + exercise.id(), errors);
                            expect(right, "ok", "checking the solution of " + exercise.id(), errors);
                            reloadAfterTimeout(learner, right, lesson);
                        }
                        default -> {
                        }
                    }
                    if (random.nextInt(6) == 0 && fault(learner, random, latencies, errors, cells).status().equals("timeout")) {
                        learner.open(lesson.meta().track() + "/" + lesson.slug());
                    }
                }
            }
        } catch (Exception e) {
            errors.add("learner " + (number + 1) + ": " + e);
        }
    }

    /** The cell a looping learner runs: it starts a thread that never ends and returns at once. */
    static final String BACKGROUND_LOOP = """
            Thread spinner = new Thread(() -> { double x = 0; while (true) { x += Math.sqrt(x + 1); } }, "endless-loop");
            spinner.setDaemon(true);
            spinner.start();
            spinner.isAlive()""";

    /**
     * A learner who arrives first, starts an endless loop in a background thread of their kernel,
     * and stays (their page open, the loop spinning) until the room's time is up.
     */
    private static void loopingLearner(int number, String base, String code, Lesson lesson, long end, List<String> errors) {
        try (SimulatedLearner learner = new SimulatedLearner(base, PageConnection.newLearner(base))) {
            learner.join(code, "Looping learner " + (number + 1));
            learner.open(lesson.meta().track() + "/" + lesson.slug());
            // in the lesson's first cell, as the faults do: the server runs only cells the lesson has
            expect(learner.run("c1", BACKGROUND_LOOP, Duration.ofSeconds(120)), "ok", "starting a background loop", errors);
            long left = end - System.nanoTime();
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
        } catch (Exception e) {
            errors.add("looping learner " + (number + 1) + ": " + e);
        }
    }

    /**
     * A learner whose cell got no answer in time reloads the page, as a person would; the cell's late
     * reply then goes to the old page and is not mistaken for the next cell's.
     */
    private static void reloadAfterTimeout(SimulatedLearner learner, SimulatedLearner.Ran ran, Lesson lesson) throws Exception {
        if (ran.status().equals("timeout")) {
            learner.open(lesson.meta().track() + "/" + lesson.slug());
        }
    }

    /** A mistake a learner makes; the server must contain it and answer as usual. */
    private static SimulatedLearner.Ran fault(SimulatedLearner learner, Random random, List<Long> latencies, List<String> errors,
                                              AtomicInteger cells) throws InterruptedException {
        cells.incrementAndGet();
        SimulatedLearner.Ran ran;
        switch (random.nextInt(4)) {
            case 0 -> {
                ran = learner.run("c1", "int broken = \"text\";", Duration.ofSeconds(60));
                latencies.add(ran.millis());
                expect(ran, "error", "a compile error", errors);
            }
            case 1 -> {
                ran = learner.run("c1", "int[] small = new int[1];\nsmall[5] = 1;", Duration.ofSeconds(60));
                latencies.add(ran.millis());
                expect(ran, "error", "an exception", errors);
            }
            case 2 -> {
                ran = learner.run("c1", "for (int i = 0; i < 20000; i++) System.out.println(\"line \" + i);",
                        Duration.ofSeconds(60));
                expect(ran, "ok", "a flood of output", errors);
            }
            default -> {
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(300);
                        learner.interrupt();
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                });
                ran = learner.run("c1", "long spins = 0;\nwhile (true) { spins++; }", Duration.ofSeconds(60));
                expect(ran, "error", "an endless loop, interrupted", errors);
            }
        }
        return ran;
    }

    private static void expect(SimulatedLearner.Ran ran, String status, String what, List<String> errors) {
        if (!ran.status().equals(status) || ran.restarted()) {
            String error = what + ": expected " + status + ", got " + ran.status() + " after " + ran.millis() + " ms"
                    + (ran.restarted() ? " (kernel restarted)" : "") + (ran.error() == null ? "" : " [" + ran.error() + "]");
            errors.add(error);
            System.err.println("bench workshop: " + error);
        }
    }

    private static void think(Random random, Duration min, Duration max) throws InterruptedException {
        Thread.sleep(min.toMillis() + (long) (random.nextDouble() * (max.toMillis() - min.toMillis())));
    }

    static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /**
     * CPU time per process, counted from the moment the room starts. A process's CPU time is the total
     * since it started, so a warm kernel that spent two seconds starting before class would otherwise
     * add those seconds to the room's, and a short room would look busier than it was.
     */
    static final class CpuTally {
        private final Map<Long, Double> latest = new ConcurrentHashMap<>();
        private final Map<Long, Double> atRoomStart = new ConcurrentHashMap<>();

        /** The total CPU seconds a process has used so far, as its last reading says. */
        void record(long pid, double seconds) {
            latest.merge(pid, seconds, Math::max);
        }

        /** Takes the readings so far as the baseline; a process first seen later counts from 0. */
        void startRoom() {
            atRoomStart.clear();
            atRoomStart.putAll(latest);
        }

        /** CPU seconds all processes used since {@link #startRoom()}. */
        double sinceRoomStart() {
            return latest.keySet().stream().mapToDouble(this::sinceRoomStart).sum();
        }

        /** CPU seconds one process used since {@link #startRoom()} (0 if never seen). */
        double sinceRoomStart(long pid) {
            return Math.max(0, latest.getOrDefault(pid, 0.0) - atRoomStart.getOrDefault(pid, 0.0));
        }
    }

    /**
     * Resident memory and CPU time of this JVM and every process it started (the kernels). Memory is
     * read two ways: RSS counts every page a process maps, so pages that kernels share (the class-data
     * archive, the JDK's files) are counted once per kernel; PSS divides each shared page among the
     * processes that map it, so the PSS of all processes adds up to what they really occupy.
     */
    static final class ResourceSampler {
        private final AtomicLong peakRss = new AtomicLong();
        private final AtomicLong peakPss = new AtomicLong();
        private final AtomicLong lastRss = new AtomicLong();
        private final AtomicLong serverRss = new AtomicLong();
        private final AtomicLong peakKernels = new AtomicLong();
        private final CpuTally cpu = new CpuTally();
        private final Set<Long> kernelPids = ConcurrentHashMap.newKeySet();

        synchronized void sample() {
            long total = residentKb(ProcessHandle.current().pid());
            long proportional = proportionalKb(ProcessHandle.current().pid());
            serverRss.set(Math.max(serverRss.get(), total / 1024));
            long javaKernels = 0;
            for (ProcessHandle process : ProcessHandle.current().descendants().toList()) {
                total += residentKb(process.pid());
                proportional += proportionalKb(process.pid());
                if (process.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
                    javaKernels++;
                    kernelPids.add(process.pid());
                }
                process.info().totalCpuDuration().ifPresent(used -> cpu.record(process.pid(), used.toNanos() / 1e9));
            }
            ProcessHandle.current().info().totalCpuDuration().ifPresent(used ->
                    cpu.record(ProcessHandle.current().pid(), used.toNanos() / 1e9));
            lastRss.set(total / 1024);
            peakRss.set(Math.max(peakRss.get(), total / 1024));
            peakPss.set(Math.max(peakPss.get(), proportional / 1024));
            peakKernels.set(Math.max(peakKernels.get(), javaKernels));
        }

        long peakRssMb() {
            return peakRss.get();
        }

        long peakPssMb() {
            return peakPss.get();
        }

        long lastRssMb() {
            return lastRss.get();
        }

        long serverRssMb() {
            return serverRss.get();
        }

        long peakKernels() {
            return peakKernels.get();
        }

        /** Kernel JVMs seen over the run (sampled each second, so one that lived less may be missed). */
        int kernelsSeen() {
            return kernelPids.size();
        }

        /** From here on, {@link #cpu()} counts only what is spent after this moment. */
        void startRoom() {
            cpu.startRoom();
        }

        CpuTally cpu() {
            return cpu;
        }

        /** Resident set size from /proc/PID/status; 0 if the process is gone. */
        private static long residentKb(long pid) {
            return kbLine(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
        }

        /** Proportional set size from /proc/PID/smaps_rollup; 0 if gone or unreadable. */
        private static long proportionalKb(long pid) {
            return kbLine(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
        }

        private static long kbLine(Path file, String field) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith(field)) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception gone) {
                // the process ended between listing and reading
            }
            return 0;
        }
    }
}
