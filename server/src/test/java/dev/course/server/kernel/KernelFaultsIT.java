package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.Cgroup;
import dev.course.server.sandbox.Sandbox;
import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import com.fasterxml.jackson.databind.JsonNode;
import dev.course.engine.generate.train.TrainedModels;
import dev.course.server.web.CourseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fault suite: what a learner's cell can do to the machine, tried for real.
 *
 * <p>Every case runs hostile code in an "attacker" kernel taken from a real {@link KernelPool}
 * (sandboxed as the server does it, with a running {@link CourseServer} in front) and asserts two
 * things: the fault is contained — the cell is stopped, fails, or its kernel is restarted, and it
 * reached nothing it must not — and everybody else is unharmed: after each case a "victim" learner's
 * kernel, started once for the whole suite, still answers with its state intact (same process,
 * same variables) and the server still answers HTTP.
 *
 * <p>Cases that need a layer this machine does not have (bubblewrap, its seccomp filter, cgroups)
 * are skipped with the reason, never passed silently; some would harm the machine without that
 * layer (a fork bomb without a pids limit, killing every process without a pid namespace). On CI
 * ({@code CI=true}, which {@code .ci/run} sets) a missing layer fails the case instead: CI must
 * prove every fault contained. {@link FaultReport} prints the list at the end.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(FaultReport.class)
class KernelFaultsIT {

    /** Short limits so that the suite is quick: a stuck cell is interrupted after 6 s, killed 2 s later. */
    private static final KernelLimits LIMITS = KernelLimits.defaults()
            .withCellTimeout(Duration.ofSeconds(6)).withInterruptGrace(Duration.ofSeconds(2));
    private static final String SECRET = "victim-secret-" + UUID.randomUUID() + ".txt";

    private static Sandbox sandbox;
    private static KernelPool pool;
    private static CourseApplication server;
    private static KernelSession victim;
    private static long victimJvm;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private String attackerKey;

    /** What one cell sent back. */
    record Outcome(KernelSession.Reply reply, List<Seen> seen) {
        String streams() {
            StringBuilder text = new StringBuilder();
            seen.stream().filter(s -> s.type().equals("stream")).forEach(s -> text.append(s.content().path("text").asText()));
            return text.toString();
        }

        String result() {
            return seen.stream().filter(s -> s.type().equals("execute_result")).findFirst()
                    .map(s -> s.content().path("data").path("text/plain").asText()).orElse("");
        }

        String error() {
            return seen.stream().filter(s -> s.type().equals("error")).findFirst()
                    .map(s -> s.content().path("ename").asText() + ": " + s.content().path("evalue").asText()).orElse("");
        }

        boolean ok() {
            return reply.status().equals("ok");
        }

        @Override
        public String toString() {
            return reply.status() + (reply.restarted() ? " (restarted: " + reply.restartReason() + ")" : "")
                    + " result=" + abbreviate(result()) + " error=" + abbreviate(error()) + " streams=" + abbreviate(streams());
        }
    }

    record Seen(String type, JsonNode content) {
    }

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.detect();
        System.out.println("fault suite sandbox: " + sandbox.describe(LIMITS) + " " + sandbox.notes());
        server = TestServers.application(LIMITS).maxKernels(16).idleTimeout(Duration.ofMinutes(30)).warmKernels(2)
                .withoutSearchModel().start();
        pool = server.kernels();
        victim = pool.kernelFor("victim:faults", List.of("int victimState = 42;"));
        Outcome wrote = run(victim, "Files.writeString(Path.of(System.getProperty(\"java.io.tmpdir\"), \"" + SECRET
                + "\"), \"learner secret\"); victimState");
        assertEquals("42", wrote.result(), wrote.toString());
        victimJvm = victim.kernelJvm().orElseThrow().pid();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close(); // closes the pool too
        }
    }

    @BeforeEach
    void name(TestInfo test) {
        attackerKey = "attacker:" + test.getTestMethod().orElseThrow().getName();
    }

    /** The other learner and the server are unharmed: the victim answers at once, with its state, in the same JVM. */
    @AfterEach
    void everyoneElseStillAnswers() throws Exception {
        try {
            long start = System.nanoTime();
            Outcome answer = run(victim, "victimState + 1");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("43", answer.result(), "the other learner's kernel answers with its state: " + answer);
            assertTrue(millis < 5_000, "the other learner's kernel answered in " + millis + " ms");
            assertEquals(victimJvm, victim.kernelJvm().orElseThrow().pid(), "the other learner's kernel was not restarted");
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/healthz")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "the server answers");
        } finally {
            pool.release(attackerKey);
        }
    }

    private KernelSession attacker() {
        return pool.kernelFor(attackerKey, List.of());
    }

    private static Outcome run(KernelSession session, String code) throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        KernelSession.Reply reply = session.execute(code, (type, content) -> seen.add(new Seen(type, content)))
                .get(120, TimeUnit.SECONDS);
        return new Outcome(reply, seen);
    }

    /** The attacker's kernel works again afterwards (restarted if it had to be). */
    private void attackerRecovers(KernelSession attacker) throws Exception {
        Outcome after = run(attacker, "6 * 7");
        assertEquals("42", after.result(), "the attacker's kernel answers again: " + after);
    }

    private static void assumeIsolated(String why) {
        requireOnCi(sandbox.isolated(), "needs bubblewrap (" + why + "): " + sandbox.notes());
    }

    private static void assumeCgroups(String why) {
        requireOnCi(sandbox.cgroups(), "needs cgroups (" + why + "): " + sandbox.notes());
    }

    private static void assumeSeccomp(String why) {
        requireOnCi(sandbox.isolated() && sandbox.bubblewrap().seccomp() != null,
                "needs bubblewrap's seccomp filter (" + why + "): " + sandbox.notes());
    }

    /** Whether cgroups apply here, for the parts of a case that need them; on CI they must. */
    private static boolean cgroupsOrFailOnCi(String why) {
        if (!sandbox.cgroups() && "true".equals(System.getenv("CI"))) {
            fail("CI (CI=true) must have cgroups (" + why + "): " + sandbox.notes());
        }
        return sandbox.cgroups();
    }

    /** Skips a case whose layer is missing here, except on CI, which must have every layer: there it fails. */
    private static void requireOnCi(boolean present, String message) {
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI (CI=true) must have every sandbox layer, this one is missing: " + message);
        }
        Assumptions.assumeTrue(present, message);
    }

    // ---- Time -----------------------------------------------------------------------------------

    @Test
    @DisplayName("while(true) is interrupted; the kernel and its state survive")
    void endlessLoop() throws Exception {
        KernelSession attacker = attacker();
        run(attacker, "int kept = 7;");
        Outcome loop = run(attacker, "while (true) { }");
        assertEquals("error", loop.reply().status(), loop.toString());
        assertTrue(loop.error().startsWith("Interrupted"), loop.toString());
        assertFalse(loop.reply().restarted(), loop.toString());
        assertEquals("7", run(attacker, "kept").result());
    }

    @Test
    @DisplayName("a loop that catches Throwable is stopped (interrupt, else kill)")
    void loopCatchingThrowable() throws Exception {
        KernelSession attacker = attacker();
        Outcome loop = run(attacker, "while (true) { try { while (true) { } } catch (Throwable t) { } }");
        assertEquals("error", loop.reply().status(), loop.toString());
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("a long JDK call: BigInteger.ONE.shiftLeft(1<<28).pow(50)")
    void longJdkCall() throws Exception {
        KernelSession attacker = attacker();
        Outcome call = run(attacker, "BigInteger.ONE.shiftLeft(1<<28).pow(50)");
        assertEquals("error", call.reply().status(), call.toString());
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("a JDK loop that ignores interrupts is killed after the grace, and the kernel restarted")
    void uninterruptibleJdkLoop() throws Exception {
        KernelSession attacker = attacker();
        Outcome call = run(attacker, "java.util.stream.LongStream.range(0, Long.MAX_VALUE).map(Long::reverse).sum()");
        assertTrue(call.reply().restarted(), call.toString());
        assertTrue(call.reply().restartReason().contains("did not stop when interrupted"), call.toString());
        attackerRecovers(attacker);
    }

    /** A cell that leaves a daemon thread spinning after it ends, which no wall clock stops. */
    private static final String SPINNER_CELL = """
            Thread spinner = new Thread(() -> { double x = 0; while (true) { x += Math.sqrt(x + 1); } });
            spinner.setDaemon(true);
            spinner.start();
            spinner.isAlive()""";

    @Test
    @DisplayName("a background thread spinning after its cell ended is held to its CPU quota and killed on restart")
    void spinningBackgroundThread() throws Exception {
        KernelSession attacker = attacker();
        Outcome started = run(attacker, SPINNER_CELL);
        assertEquals("true", started.result(), started.toString());
        if (cgroupsOrFailOnCi("the CPU quota holds a thread that outlives its cell")) {
            Map<String, String> limits = attacker.cgroupLimits();
            String quota = limits.containsKey("cpu.max") ? limits.get("cpu.max").split(" ")[0] : limits.get("cpu.cfs_quota_us");
            assertEquals(Long.toString(100_000L * LIMITS.cpuPercent() / 100), quota, "CPU quota read back: " + limits);
            String weight = limits.containsKey("cpu.weight") ? limits.get("cpu.weight") : limits.get("cpu.shares");
            assertEquals(Integer.toString(limits.containsKey("cpu.weight") ? Cgroup.CPU_WEIGHT : Cgroup.CPU_SHARES_V1), weight,
                    "CPU weight read back, the same for every kernel as made (the governor lowers it seconds later): " + limits);
        }
        for (int i = 0; i < 5; i++) {
            long begin = System.nanoTime();
            assertEquals("43", run(victim, "victimState + 1").result());
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertTrue(millis < 1_000, "the other learner waited " + millis + " ms beside a spinning thread");
        }
        assertEquals("true", run(attacker, "spinner.isAlive()").result(), "the attacker's own kernel still answers");
        long spinnerJvm = attacker.kernelJvm().orElseThrow().pid();
        attacker.restart().get(60, TimeUnit.SECONDS);
        assertTrue(ProcessHandle.of(spinnerJvm).map(KernelFaultsIT::waitForExit).orElse(true), "restart ended the spinning JVM");
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("a kernel whose background thread burns CPU while no cell runs gets a low weight and a small quota, "
            + "and its full share back for the learner's next cell")
    void backgroundLoopIsDemotedUntilTheNextCell() throws Exception {
        requireOnCi(sandbox.cgroups(), "the CPU governor writes the kernel's cgroup: " + sandbox.notes());
        KernelSession attacker = attacker();
        Outcome started = run(attacker, SPINNER_CELL);
        assertEquals("true", started.result(), started.toString());
        Map<String, String> demoted = awaitCpu(attacker, DEMOTED, Duration.ofSeconds(30));
        System.out.println("background loop demoted: " + demoted);

        // The learner's next cell: the kernel has its whole share back before the cell is sent.
        var next = attacker.execute("Thread.sleep(1500); spinner.isAlive()", (type, content) -> { });
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (attacker.state() != KernelSession.State.BUSY && !next.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(KernelSession.State.BUSY, attacker.state(), "the cell is running");
        // (the state reads BUSY a moment before its listener has written the group; the loop never goes quiet)
        awaitCpu(attacker, cpu(Cgroup.CPU_WEIGHT, LIMITS.cpuPercent()), Duration.ofMillis(500));
        assertFalse(next.isDone(), "restored while the learner's cell still ran");
        assertEquals("ok", next.get(60, TimeUnit.SECONDS).status());

        // The loop still burns once the cell is over: demoted again, at once (no new window).
        awaitCpu(attacker, DEMOTED, Duration.ofSeconds(10));
        attacker.restart().get(60, TimeUnit.SECONDS);
        assertEquals(cpu(Cgroup.CPU_WEIGHT, LIMITS.cpuPercent()), cpuOf(attacker.cgroupLimits()),
                "a fresh kernel starts with every kernel's share");
        attackerRecovers(attacker);
    }

    /** A throttled kernel's weight and quota, as the governor writes them. */
    private static final List<String> DEMOTED = cpu(CpuGovernor.LOW_WEIGHT, CpuWatch.Settings.DEFAULT_THROTTLED_PERCENT);

    /** The weight (v2 scale) and quota (percent of a core) as a cgroup reads them back, v1 or v2. */
    private static List<String> cpu(int weight, int quotaPercent) {
        boolean v2 = Cgroup.ROOT.resolve("cgroup.controllers").toFile().isFile();
        return List.of(Integer.toString(v2 ? weight : Cgroup.sharesV1(weight)), Long.toString(1000L * quotaPercent));
    }

    private static List<String> cpuOf(Map<String, String> limits) {
        String quota = limits.containsKey("cpu.max") ? limits.get("cpu.max").split(" ")[0] : limits.get("cpu.cfs_quota_us");
        return List.of(limits.getOrDefault("cpu.weight", String.valueOf(limits.get("cpu.shares"))), String.valueOf(quota));
    }

    /** Waits for the kernel's cgroup to read back this weight and quota; fails with what it reads after the deadline. */
    private static Map<String, String> awaitCpu(KernelSession session, List<String> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, String> limits = session.cgroupLimits();
        while (!cpuOf(limits).equals(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            limits = session.cgroupLimits();
        }
        assertEquals(wanted, cpuOf(limits), "weight and quota after " + within.toSeconds() + " s: " + limits);
        return limits;
    }

    // ---- Memory ---------------------------------------------------------------------------------

    @Test
    @DisplayName("heap bomb: the JVM exits on OutOfMemoryError and the kernel is restarted")
    void heapBomb() throws Exception {
        KernelSession attacker = attacker();
        Outcome bomb = run(attacker, "var hoard = new ArrayList<long[]>(); while (true) hoard.add(new long[1 << 20]);");
        assertTrue(bomb.reply().restarted(), bomb.toString());
        assertTrue(bomb.reply().restartReason().contains("out of memory"), bomb.toString());
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("off-heap bomb with direct buffers stops at -XX:MaxDirectMemorySize")
    void directBufferBomb() throws Exception {
        KernelSession attacker = attacker();
        Outcome bomb = run(attacker, "var hoard = new ArrayList<java.nio.ByteBuffer>(); "
                + "while (true) hoard.add(java.nio.ByteBuffer.allocateDirect(1 << 24));");
        assertEquals("error", bomb.reply().status(), bomb.toString());
        assertTrue(bomb.error().contains("direct buffer memory") || bomb.reply().restarted(), bomb.toString());
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("off-heap bomb with an FFM Arena is killed by the cgroup memory limit (or stopped by the wall clock)")
    void arenaBomb() throws Exception {
        assumeCgroups("native memory outside the heap is bounded only by the cgroup");
        KernelSession attacker = attacker();
        Outcome bomb = run(attacker, "var hoard = new ArrayList<java.lang.foreign.MemorySegment>(); "
                + "while (true) hoard.add(java.lang.foreign.Arena.global().allocate(1 << 27));");
        // Native memory is not the JVM's to refuse: the cgroup's OOM killer ends the kernel. On a slow
        // machine the wall clock may stop the loop first, which contains it just as well.
        assertTrue(bomb.reply().restarted() || bomb.error().startsWith("Interrupted"), bomb.toString());
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("a huge result value is cut to the result cap")
    void hugeResult() throws Exception {
        KernelSession attacker = attacker();
        Outcome huge = run(attacker, "\"x\".repeat(5_000_000)");
        assertTrue(huge.ok(), huge.toString());
        assertTrue(huge.result().contains("[result cut"), huge.toString());
        assertTrue(huge.result().length() < 1_100_000, "result of " + huge.result().length() + " characters");
        Outcome display = run(attacker, "html(\"<p>\" + \"y\".repeat(5_000_000)); 1");
        long shown = display.seen().stream().filter(s -> s.type().equals("display_data")).mapToLong(s -> s.content().toString().length()).sum();
        assertTrue(shown > 0 && shown < 1_100_000, "display of " + shown + " characters");
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("output flood: at most the output cap reaches the server, then the loop is interrupted")
    void outputFlood() throws Exception {
        KernelSession attacker = attacker();
        Outcome flood = run(attacker, "while (true) System.out.println(\"flood \".repeat(100));");
        assertEquals("error", flood.reply().status(), flood.toString());
        String text = flood.streams();
        assertTrue(text.contains("[output truncated"), "the flood was cut");
        assertTrue(text.length() < 1_100_000, "printed " + text.length() + " characters");
        attackerRecovers(attacker);
    }

    // ---- Processes ------------------------------------------------------------------------------

    @Test
    @DisplayName("thread bomb stops at the cgroup's task limit")
    void threadBomb() throws Exception {
        assumeCgroups("without a pids limit a thread bomb exhausts the machine's");
        KernelSession attacker = attacker();
        Outcome bomb = run(attacker, "while (true) { new Thread(() -> { try { Thread.sleep(600_000); } "
                + "catch (InterruptedException e) { } }).start(); }");
        assertEquals("error", bomb.reply().status(), bomb.toString());
        assertTrue(bomb.error().contains("unable to create native thread") || bomb.reply().restarted(), bomb.toString());
        attacker.restart().get(60, TimeUnit.SECONDS);
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("ProcessBuilder fork bomb stops at the task limit and dies with its kernel")
    void forkBomb() throws Exception {
        assumeCgroups("without a pids limit a fork bomb takes the machine down");
        assumeIsolated("its processes must stay in the kernel's pid namespace");
        KernelSession attacker = attacker();
        Outcome bomb = run(attacker, """
                new ProcessBuilder("/bin/sh", "-c", "f() { f | f & }; f").start();
                Thread.sleep(2000);
                ProcessHandle.allProcesses().count()""");
        List<ProcessHandle> tree = attacker.processTree();
        assertTrue(tree.size() <= LIMITS.maxProcesses() + 3, "the tree has " + tree.size() + " processes: " + bomb);
        attacker.restart().get(60, TimeUnit.SECONDS);
        for (ProcessHandle process : tree) {
            assertTrue(process.onExit().isDone() || !process.isAlive()
                    || waitForExit(process), "process " + process.pid() + " outlived its kernel");
        }
        attackerRecovers(attacker);
    }

    private static boolean waitForExit(ProcessHandle process) {
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    @Test
    @DisplayName("System.exit and Runtime.halt end only that kernel, which is restarted")
    void exitAndHalt() throws Exception {
        KernelSession attacker = attacker();
        Outcome exit = run(attacker, "System.exit(0);");
        assertTrue(exit.reply().restarted(), exit.toString());
        Outcome halt = run(attacker, "Runtime.getRuntime().halt(1);");
        assertTrue(halt.reply().restarted(), halt.toString());
        assertTrue(halt.reply().restartReason().contains("code 1"), halt.toString());
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("killing other processes via ProcessHandle reaches nothing outside the kernel")
    void killOthers() throws Exception {
        assumeIsolated("without a pid namespace the cell would see and kill the host's processes");
        KernelSession attacker = attacker();
        long server = ProcessHandle.current().pid();
        Outcome kill = run(attacker, """
                long me = ProcessHandle.current().pid();
                long visible = ProcessHandle.allProcesses().count();
                ProcessHandle.allProcesses().filter(p -> p.pid() != me).forEach(ProcessHandle::destroyForcibly);
                boolean victim = ProcessHandle.of(%dL).map(ProcessHandle::destroyForcibly).orElse(false);
                boolean server = ProcessHandle.of(%dL).map(ProcessHandle::destroyForcibly).orElse(false);
                int kill = new ProcessBuilder("/bin/sh", "-c", "kill -9 %d %d").start().waitFor();
                visible + " " + victim + " " + server + " " + kill""".formatted(victimJvm, server, victimJvm, server));
        String[] parts = kill.result().replace("\"", "").split(" ");
        assertEquals(4, parts.length, kill.toString());
        assertTrue(Integer.parseInt(parts[0]) <= 3, "the kernel sees only its own processes: " + kill);
        assertEquals("false", parts[1], "the victim is not even visible");
        assertEquals("false", parts[2], "the server is not even visible");
        assertNotEquals("0", parts[3], "kill found no such process");
        assertTrue(ProcessHandle.of(victimJvm).map(ProcessHandle::isAlive).orElse(false), "the victim's JVM lives");
    }

    // ---- Files ----------------------------------------------------------------------------------

    @Test
    @DisplayName("filling /tmp stops at the private /tmp's size and the file size limit")
    void fillTmp() throws Exception {
        assumeIsolated("without a private /tmp the cell would fill the host's");
        KernelSession attacker = attacker();
        Outcome big = run(attacker, "Files.write(Path.of(\"/tmp/big\"), new byte[" + (LIMITS.fileSizeMegabytes() + 1) + " << 20]);");
        assertEquals("error", big.reply().status(), big.toString());
        assertTrue(big.error().contains("File too large"), "prlimit's file size: " + big);
        Outcome fill = run(attacker, "Files.delete(Path.of(\"/tmp/big\")); "
                + "for (int i = 0; ; i++) Files.write(Path.of(\"/tmp/fill\" + i), new byte[1 << 20]);");
        assertEquals("error", fill.reply().status(), fill.toString());
        assertTrue(fill.error().contains("No space left on device"), fill.toString());
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("exhausting file descriptors stops at the open-files limit")
    void exhaustFileDescriptors() throws Exception {
        KernelSession attacker = attacker();
        Outcome fds = run(attacker, "var open = new ArrayList<FileInputStream>(); "
                + "while (true) open.add(new FileInputStream(\"/proc/self/status\"));");
        assertEquals("error", fds.reply().status(), fds.toString());
        assertTrue(fds.error().contains("Too many open files"), fds.toString());
        run(attacker, "for (var in : open) in.close();");
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("reading /etc/shadow, the server's files and its home fails: they are not there")
    void readHostFiles() throws Exception {
        assumeIsolated("without a mount namespace the kernel sees the host's files");
        Path root = Path.of(System.getProperty("course.root", Path.of("").toAbsolutePath().getParent().toString()));
        Path home = Path.of(System.getProperty("user.home"));
        List<String> secrets = java.util.stream.Stream.of(Path.of("/etc/shadow"), Path.of("/etc/passwd"), Path.of("/etc/hostname"),
                        root.resolve("pom.xml"), root.resolve("README.md"), root.resolve(".git"), root.resolve("lessons/content"),
                        home.resolve(".bashrc"), home.resolve(".profile"), home.resolve(".m2/settings.xml"), home.resolve(".ssh"))
                .filter(java.nio.file.Files::exists).map(Path::toString).toList();
        assertTrue(secrets.size() >= 4, "enough host files to look for: " + secrets);
        KernelSession attacker = attacker();
        Outcome read = run(attacker, """
                String seen = "";
                for (String path : List.of(%s)) {
                    if (Files.exists(Path.of(path))) seen += path + " ";
                }
                try { Files.writeString(Path.of("/usr/owned"), "x"); seen += "/usr-writable"; } catch (IOException e) { }
                seen""".formatted(secrets.stream().map(s -> '"' + s + '"').collect(java.util.stream.Collectors.joining(", "))));
        assertEquals("\"\"", read.result(), "visible host files: " + read);
        Outcome shadow = run(attacker, "Files.readString(Path.of(\"/etc/shadow\"))");
        assertTrue(shadow.error().contains("NoSuchFileException"), shadow.toString());
    }

    @Test
    @DisplayName("the models './course train' saved are there to read, and read-only")
    void trainedModelsAreReadOnly() throws Exception {
        assumeIsolated("without a mount namespace the kernel sees the host's folders as they are");
        Path marker = TrainedModels.modelsDir().resolve("fault-suite-" + SECRET + ".gguf");
        java.nio.file.Files.writeString(marker, "trained");
        try {
            KernelSession attacker = attacker();
            Outcome read = run(attacker, """
                    Path models = dev.course.engine.generate.train.TrainedModels.modelsDir();
                    String seen = Files.readString(models.resolve("%s"));
                    try { Files.writeString(models.resolve("planted.gguf"), "x"); seen += " writable"; } catch (IOException e) { seen += " read-only"; }
                    seen""".formatted(marker.getFileName()));
            assertEquals("\"trained read-only\"", read.result(), "the lessons' trained model folder: " + read);
        } finally {
            java.nio.file.Files.deleteIfExists(marker);
        }
    }

    @Test
    @DisplayName("another learner's /tmp files are invisible")
    void readAnotherLearnersFiles() throws Exception {
        assumeIsolated("without a private /tmp learners share the host's");
        KernelSession attacker = attacker();
        // The attacker's own /tmp may hold files of its own (an earlier case filled it); none may be the victim's.
        Outcome read = run(attacker, "Files.exists(Path.of(\"/tmp/" + SECRET + "\")) + \" \" + Files.list(Path.of(\"/tmp\"))"
                + ".anyMatch(p -> p.getFileName().toString().contains(\"" + SECRET + "\"))");
        assertEquals("\"false false\"", read.result(), read.toString());
    }

    // ---- Network --------------------------------------------------------------------------------

    @Test
    @DisplayName("no network: the server's port, DNS and 169.254.169.254 are unreachable")
    void noNetwork() throws Exception {
        assumeIsolated("without a network namespace the kernel shares the host's network");
        KernelSession attacker = attacker();
        Outcome net = run(attacker, """
                String reached = "";
                try (var s = new java.net.Socket("127.0.0.1", %d)) { reached += "server "; } catch (IOException e) { }
                try { java.net.InetAddress.getByName("example.com"); reached += "dns "; } catch (IOException e) { }
                try (var s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress("169.254.169.254", 80), 2000); reached += "metadata ";
                } catch (IOException e) { }
                reached""".formatted(server.port()));
        assertEquals("\"\"", net.result(), "reached: " + net);
    }

    @Test
    @DisplayName("%maven in the sandbox fails at once, saying there is no network and what the local repository lacks")
    void mavenMagicHasNoNetwork() throws Exception {
        assumeIsolated("without a network namespace %maven would reach Maven Central");
        KernelSession attacker = attacker();
        long start = System.nanoTime();
        Outcome maven = run(attacker, "%maven org.example.course:not-in-any-repository:1.0");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("error", maven.reply().status(), maven.toString());
        assertTrue(maven.error().contains("no network") && maven.error().contains("sandbox"), maven.toString());
        assertTrue(maven.error().contains("org.example.course:not-in-any-repository:1.0"), "names what is missing: " + maven);
        assertTrue(millis < 5_000, "no waiting for a timeout: " + millis + " ms");
        assertEquals("7", run(attacker, "3 + 4").result(), "the kernel carries on");
    }

    // ---- The layers themselves --------------------------------------------------------------------

    @Test
    @DisplayName("no new namespaces: the seccomp filter refuses unshare -Ur, unshare -m and mount; threads, processes and files still work")
    void seccompRefusesNamespaces() throws Exception {
        assumeSeccomp("without it a cell can make a user namespace and be root inside it");
        KernelSession attacker = attacker();
        Outcome cell = run(attacker, """
                String run(String... command) throws Exception {
                    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes()).strip();
                    return p.waitFor() + ":" + out;
                }
                System.out.println("grep=" + run("grep", "Seccomp:", "/proc/self/status"));
                System.out.println("userns=" + run("unshare", "-Ur", "id"));
                System.out.println("netns=" + run("unshare", "-Urn", "id"));
                System.out.println("mountns=" + run("unshare", "-m", "true"));
                System.out.println("mount=" + run("mount", "-t", "tmpfs", "none", "/tmp"));
                var sum = new java.util.concurrent.atomic.AtomicLong();
                List<Thread> threads = new ArrayList<>();
                for (int i = 1; i <= 4; i++) { long n = i; threads.add(Thread.ofPlatform().start(() -> sum.addAndGet(n))); }
                for (Thread t : threads) t.join();
                System.out.println("threads=" + sum.get());
                Path file = Files.writeString(Files.createTempFile("cell", ".txt"), "written");
                System.out.println("file=" + Files.readString(file));""");
        String text = cell.streams();
        assertTrue(cell.ok(), cell.toString());
        assertTrue(text.matches("(?s).*grep=0:Seccomp:\\s+2\\n.*"), "a filter applies to the cell's processes: " + text);
        assertTrue(text.matches("(?s).*userns=1:.*Operation not permitted.*"), "unshare -Ur is refused: " + text);
        assertFalse(text.contains("uid=0"), "nobody became root: " + text);
        assertTrue(text.matches("(?s).*netns=1:.*Operation not permitted.*"), "unshare -Urn is refused: " + text);
        assertTrue(text.matches("(?s).*mountns=1:.*Operation not permitted.*"), "unshare -m is refused: " + text);
        assertTrue(text.matches("(?s).*mount=[1-9][0-9]*:.*"), "mount fails: " + text);
        assertTrue(text.contains("threads=10"), "threads (clone without namespace flags) still work: " + text);
        assertTrue(text.contains("file=written"), "files in the private /tmp still work: " + text);
        attackerRecovers(attacker);
    }

    @Test
    @DisplayName("the sandbox applies: uid nobody, no capabilities, prlimit, JVM and cgroup limits read back")
    void layersApply() throws Exception {
        assumeIsolated("the uid and capabilities come from bubblewrap");
        KernelSession attacker = attacker();
        Outcome self = run(attacker, """
                System.out.println(Files.readString(Path.of("/proc/self/status")));
                System.out.println(Files.readString(Path.of("/proc/self/limits")));
                System.out.println(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
                System.out.println("processors=" + Runtime.getRuntime().availableProcessors());""");
        String text = self.streams();
        assertTrue(text.matches("(?s).*Uid:\\s+65534\\s+65534\\s+65534\\s+65534.*"), text);
        assertTrue(text.matches("(?s).*CapEff:\\s+0000000000000000.*"), text);
        assertTrue(text.matches("(?s).*CapBnd:\\s+0000000000000000.*"), text);
        assertTrue(text.matches("(?s).*NoNewPrivs:\\s+1.*"), text);
        if (sandbox.bubblewrap().seccomp() != null || "true".equals(System.getenv("CI"))) { // CI must have the filter
            assertTrue(text.matches("(?s).*Seccomp:\\s+2.*"), "the seccomp filter applies: " + text);
        }
        assertTrue(text.matches("(?s).*Max open files\\s+" + LIMITS.openFiles() + "\\s+" + LIMITS.openFiles() + ".*"), text);
        assertTrue(text.matches("(?s).*Max file size\\s+" + (LIMITS.fileSizeMegabytes() << 20) + ".*"), text);
        assertTrue(text.matches("(?s).*Max core file size\\s+0\\s+0.*"), text);
        assertTrue(text.contains("-Xmx" + LIMITS.heapMegabytes() + "m"), text);
        assertTrue(text.contains("-XX:MaxDirectMemorySize=" + LIMITS.directMegabytes() + "m"), text);
        assertTrue(text.contains("-XX:+ExitOnOutOfMemoryError"), text);
        String hostUser = attacker.kernelJvm().orElseThrow().info().user().orElse("?");
        assertNotEquals("root", hostUser, "on the host the kernel JVM runs as " + hostUser + "; "
                + sandbox.hostRootReason(KernelLauncher.kernelClassPath()));
        if (cgroupsOrFailOnCi("the memory, task and CPU limits come from the cgroup")) {
            Map<String, String> limits = attacker.cgroupLimits();
            long memory = LIMITS.memoryMegabytes() * 1024L * 1024L;
            assertEquals(Long.toString(memory), limits.getOrDefault("memory.limit_in_bytes", limits.get("memory.max")), limits.toString());
            assertEquals(Integer.toString(LIMITS.maxProcesses()), limits.get("pids.max"), limits.toString());
            int cores = Math.max(1, (LIMITS.cpuPercent() + 99) / 100);
            assertTrue(text.contains("processors=" + cores), "the JVM sizes its pools to the CPU quota: " + text);
        }
    }

    @Test
    @DisplayName("no host path inside: process 1's and the kernel's command lines, environment, properties and class path name only /course/…")
    void noHostPathsInside() throws Exception {
        assumeIsolated("without a mount namespace the kernel's files are where they lie on the host");
        Path root = Path.of(System.getProperty("course.root", Path.of("").toAbsolutePath().getParent().toString()));
        List<String> hostPaths = java.util.stream.Stream.of(System.getProperty("user.home"), root.toString(),
                        TrainedModels.cacheDir().toAbsolutePath().toString(), Path.of(System.getProperty("java.home")).toString())
                .filter(path -> !path.equals("/")).distinct().toList();
        KernelSession attacker = attacker();
        Outcome seen = run(attacker, """
                String cmdline(String pid) throws IOException {
                    return new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline"))).replace('\\0', ' ');
                }
                System.out.println("pid1=" + cmdline("1"));
                System.out.println("self=" + cmdline("self"));
                System.out.println("env=" + System.getenv());
                System.out.println("properties=" + System.getProperties());
                System.out.println("classpath=" + System.getProperty("java.class.path"));""");
        String text = seen.streams();
        assertTrue(seen.ok() && text.contains("pid1=") && text.contains("classpath=/course/lib/"), seen.toString());
        for (String host : hostPaths) {
            assertFalse(text.contains(host), "the host path " + host + " is visible inside: " + text);
        }
        assertTrue(text.matches("(?s).*pid1=\\S*bwrap --args \\d+ -- .*"), "process 1 is bubblewrap, its binds read from a descriptor: " + text);
        assertTrue(text.contains("java.home=/course/jdk"), text);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + " chars)";
    }
}
