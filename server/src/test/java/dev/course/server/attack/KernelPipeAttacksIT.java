package dev.course.server.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.server.cli.CourseCli;
import dev.course.server.sandbox.Cgroup;
import dev.course.server.kernel.CiRequirements;
import dev.course.server.sandbox.Sandbox;
import dev.course.server.web.PageClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on the pipes between the server, the kernels and the pages, against a real server process
 * ({@code ./course serve}, started from this class path with {@code -Xmx2g}), real sandboxed
 * kernels and real WebSocket clients.
 *
 * <ul>
 *   <li>A learner's cell stops its own kernel JVM with {@code SIGSTOP}, then the learner's pages
 *       send 300 messages (completions with long code, inspections, cells). No server thread may
 *       wait on the stopped kernel's pipe, another learner's cells keep a p95 under 500 ms, and the
 *       stopped kernel is killed and restarted with {@code kernel_restarted}.</li>
 *   <li>Output floods to pages that never read their WebSocket: cells that print as much as they
 *       may, a cell printing until its wall clock runs out, and one 1 GiB line without a newline
 *       written straight to the kernel's stdout. The server process's resident memory (VmRSS of
 *       {@code /proc/PID/status}, sampled every 100 ms) stays within {@link #RSS_GROWTH_BOUND_MB}
 *       of what it was before the flood, and the paused page, once it reads, finds "output dropped".</li>
 *   <li>A learner's cell leaves four threads looping forever: another learner's cells keep a p95
 *       under 500 ms, as the loops share their kernel's one cgroup slice.</li>
 * </ul>
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KernelPipeAttacksIT {

    private static final String LESSON = "foundations/vectors-and-similarity";
    /** The bound on the server's resident memory growth during the output flood. */
    private static final long RSS_GROWTH_BOUND_MB = 256;
    /**
     * Cells of 1,000,000 printed characters sent by the paused page: 15 MB, well past what the
     * connection's buffers take (the server's send buffer grows to 4 MB; the page receives into
     * 16 KB) plus the 4 MB of output its outbox lets wait, and done within the 30 s after which a page
     * that takes nothing is disconnected.
     */
    private static final int FLOOD_CELLS = 15;
    /** Flood cells sent at once: the server lets a page have 5 cells waiting. */
    private static final int FLOOD_WAVE = 5;
    /** The bound on the other learner's p95 cell latency during the attack. */
    private static final long P95_BOUND_MILLIS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The server's own log, kept for whoever reads a failure. */
    private static final Path SERVER_LOG = Path.of("target", "pipe-attacks-server.log");
    /** What the server logs when it disconnects a page that took nothing for its stall timeout. */
    private static final String PAGE_DISCONNECTED = "disconnected a page that stayed behind: the page took no message";

    private static Process server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Sandbox sandbox = Sandbox.detect();
        CiRequirements.require(sandbox.isolated(), "the attack suite needs bubblewrap (apt-get install bubblewrap): " + sandbox.notes());
        // The attacks work without cgroups, but on CI the server under attack has every sandbox layer.
        CiRequirements.presentOrFailOnCi(sandbox.cgroups(), "the attack suite's kernels run in cgroups: " + sandbox.notes());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path database = Files.createTempDirectory("course-pipe-attacks").resolve("progress.db");
        server = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                CourseCli.class.getName(), "serve", "--port", Integer.toString(port), "--database", database.toString(),
                "--cell-timeout", "30", "--warm-kernels", "3"))
                .redirectErrorStream(true).redirectOutput(SERVER_LOG.toFile()).start();
        base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    awaitSearchIndex(http);
                    return;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the server did not start");
    }

    /**
     * Waits until the server has built its search index (a minute of CPU at startup), so that the
     * latencies measured below are the attack's and not the server's own warm-up.
     */
    private static void awaitSearchIndex(HttpClient http) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            String hits = http.send(HttpRequest.newBuilder(URI.create(base + "/api/search?q=cosine+similarity")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (hits.startsWith("[{")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the server did not build its search index within 4 minutes");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void aStoppedKernelPinsNoServerThreadAndIsRestarted() throws Exception {
        String attackerId = PageClient.newLearner(base);
        try (PageClient victim = new PageClient(base, PageClient.newLearner(base)).open(LESSON);
             PageClient attacker = new PageClient(base, attackerId).open(LESSON)) {
            victim.execute("c1", "int v = 1;", Duration.ofSeconds(180));
            attacker.execute("c2", "1 + 1", Duration.ofSeconds(180));
            // The victim's latency before the attack, in the same sitting, printed beside the attack's for
            // comparison (its first cells also warm the kernel up); the bound is the 500 ms.
            long quietP95 = p95(timeCells(victim, 20, i -> "v + 0"));

            attacker.send(PageClient.command("execute").put("cell", "c1").put("code", """
                    long me = ProcessHandle.current().pid();
                    new ProcessBuilder("kill", "-STOP", Long.toString(me)).start().waitFor();
                    "woke up"
                    """));
            Thread.sleep(3000); // the kernel JVM is stopped now, in the middle of the cell

            // The victim keeps running cells while the attack goes on, timing each.
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean attacking = new AtomicBoolean(true);
            // Own threads: on two cores the common pool has one, which the victim's loop would hold.
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            CompletableFuture<Void> victimCells = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; attacking.get() || i < 20; i++) {
                        long start = System.nanoTime();
                        List<JsonNode> reply = victim.execute("c2", "v + " + i, Duration.ofSeconds(60));
                        latencies.add((System.nanoTime() - start) / 1_000_000);
                        assertTrue(reply.toString().contains("\"text/plain\":\"" + (1 + i) + "\""), reply.toString());
                        Thread.sleep(200);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, clients);

            // 300 messages from four pages of the attacker: each page's socket would pin a Jetty thread
            // on a blocking write. Completions carry 20,000 characters of code, so the 64 KB pipe fills.
            String longCode = "var x = 1; // " + "y".repeat(20_000);
            List<PageClient> pages = new ArrayList<>();
            pages.add(attacker);
            for (int p = 0; p < 3; p++) {
                try {
                    pages.add(new PageClient(base, attackerId).open(LESSON));
                } catch (Exception e) {
                    System.out.println(threadDump());
                    throw e;
                }
            }
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 300; i++) {
                    PageClient page = pages.get(i % pages.size());
                    String type = i % 10 == 9 ? "execute" : i % 3 == 2 ? "inspect" : "complete";
                    var command = PageClient.command(type).put("cell", "c3").put("code", type.equals("execute") ? "3" : longCode)
                            .put("cursor_pos", 5).put("request", "r" + i);
                    page.send(command);
                }
            }, clients);
            flood.get(60, TimeUnit.SECONDS); // today's server stops reading these sockets: the sends never finish

            String dump = threadDump();
            assertTrue(threadsWaitingOnAKernelPipe(dump).isEmpty(),
                    "no server thread waits on the stopped kernel's pipe: " + threadsWaitingOnAKernelPipe(dump));

            JsonNode restarted = attacker.await(m -> m.path("msg_type").asText().equals("kernel_restarted")
                    && m.path("cell").asText().equals("c1"), Duration.ofSeconds(60));
            assertTrue(restarted.at("/content/reason").asText().contains("stopped reading its input"), restarted.toString());

            attacking.set(false);
            victimCells.get(180, TimeUnit.SECONDS);
            assertP95WithinBound("pipe attack", latencies, quietP95);

            List<JsonNode> after = attacker.execute("c2", "6 * 7", Duration.ofSeconds(90));
            assertTrue(after.toString().contains("\"text/plain\":\"42\""), "the attacker's new kernel answers: " + after);
            assertTrue(threadsWaitingOnAKernelPipe(threadDump()).isEmpty(), "still no thread waits on a kernel pipe");
            for (PageClient page : pages.subList(1, pages.size())) {
                page.close();
            }
            clients.shutdownNow();
        }
    }

    /**
     * One learner's cell starts four threads that loop forever and returns at once: the threads
     * outlive the cell, and its wall clock, as nothing stops a thread the cell no longer waits for.
     * They stay within their kernel's cgroup, whose {@code cpu.max} is one core and whose weight is
     * every other kernel's: another learner's cells keep their p95 under 500 ms, and the loops are
     * still running afterwards. How often the group was throttled at its quota is printed.
     */
    @Test
    void endlessLoopsInBackgroundThreadsKeepAnotherLearnersCellsFast() throws Exception {
        try (PageClient victim = new PageClient(base, PageClient.newLearner(base)).open(LESSON);
             PageClient spinner = new PageClient(base, PageClient.newLearner(base)).open(LESSON)) {
            victim.execute("c1", "int v = 1;", Duration.ofSeconds(180));
            spinner.execute("c1", "int s = 1;", Duration.ofSeconds(180));
            long quietP95 = p95(timeCells(victim, 20, i -> "v + " + i));

            Map<Path, Long> throttledBefore = throttledPeriods();
            List<JsonNode> started = spinner.execute("c2", """
                    for (int t = 0; t < 4; t++) {
                        Thread loop = new Thread(() -> { double x = 0; while (true) { x += Math.sqrt(x + 1); } }, "loop-" + t);
                        loop.setDaemon(true);
                        loop.start();
                    }
                    "spinning"
                    """, Duration.ofSeconds(60));
            assertTrue(started.toString().contains("spinning"), started.toString());
            Thread.sleep(2000); // the loops have the CPU now

            List<Long> latencies = timeCells(victim, 40, i -> "v + " + i);
            assertP95WithinBound("background loops", latencies, quietP95);

            List<JsonNode> after = spinner.execute("c1", "Thread.getAllStackTraces().keySet().stream()"
                    + ".filter(t -> t.getName().startsWith(\"loop-\") && t.isAlive()).count() + s", Duration.ofSeconds(90));
            assertTrue(after.toString().contains("\"text/plain\":\"5\""),
                    "the four loops outlived their cell and ran all along, and the spinning learner's kernel still answers: " + after);
            // On an idle machine the loops want four cores and may have one: their group is throttled. On a
            // loaded one the scheduler may never give them a whole core, so this is reported, not asserted.
            Map<Path, Long> throttledAfter = throttledPeriods();
            long most = throttledAfter.entrySet().stream()
                    .mapToLong(e -> e.getValue() - throttledBefore.getOrDefault(e.getKey(), 0L)).max().orElse(0);
            System.out.println("background loops: the most throttled kernel group of the server was held at its cpu.max in "
                    + most + " CPU periods of 100 ms while the victim's cells ran");
            spinner.send(PageClient.command("restart"));
        }
    }

    /**
     * How many CPU periods each kernel group of the server under test has been throttled in so far
     * ({@code nr_throttled} of {@code cpu.stat}, cgroup v1 or v2), by group folder; empty without cgroups.
     */
    private static Map<Path, Long> throttledPeriods() throws IOException {
        Map<Path, Long> periods = new java.util.HashMap<>();
        for (Path parent : List.of(Cgroup.ROOT.resolve("cpu").resolve(Cgroup.PARENT), Cgroup.ROOT.resolve(Cgroup.PARENT))) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (var groups = Files.list(parent)) {
                for (Path group : groups.filter(g -> g.getFileName().toString().startsWith("s" + server.pid() + "-")).toList()) {
                    Path stat = group.resolve("cpu.stat");
                    if (Files.isReadable(stat)) {
                        for (String line : Files.readAllLines(stat)) {
                            if (line.startsWith("nr_throttled ")) {
                                periods.put(group, Long.parseLong(line.substring("nr_throttled ".length()).strip()));
                            }
                        }
                    }
                }
            }
        }
        return periods;
    }

    @Test
    void anOutputFloodToPagesThatNeverReadKeepsTheServersMemoryBounded() throws Exception {
        String slow = PageClient.newLearner(base);
        String hostile = PageClient.newLearner(base);
        try (PageClient slowWatcher = new PageClient(base, slow).open(LESSON);
             PageClient hostileWatcher = new PageClient(base, hostile).open(LESSON);
             SilentPage paused = SilentPage.open(base, slow, LESSON);
             SilentPage neverReads = SilentPage.open(base, hostile, LESSON)) {
            slowWatcher.execute("c1", "int warm = 1; int floods = 0;", Duration.ofSeconds(180));
            hostileWatcher.execute("c1", "int warm = 1; int floods = 0;", Duration.ofSeconds(180));
            long disconnectsBefore = serverLogLines(PAGE_DISCONNECTED);
            long before = rssMegabytes();
            AtomicLong peak = new AtomicLong(before);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (sampling.get()) {
                    try {
                        peak.accumulateAndGet(rssMegabytes(), Math::max);
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            });

            // Cells that each print as much as they may (the kernel cuts each at 1,000,000 characters), to a
            // page that does not read for now, and to one that never reads. A page may have only 5 cells
            // waiting (the server refuses more), so they go in waves. Each cell counts itself in the
            // kernel both pages of a learner share; the learner's other page waits for the count.
            String flood = "floods++; for (int i = 0; i < 20_000; i++) System.out.println(\"flood \".repeat(20));";
            for (int wave = 0; wave < FLOOD_CELLS / FLOOD_WAVE; wave++) {
                for (int i = 0; i < FLOOD_WAVE; i++) {
                    paused.send("execute", "c2", flood);
                    if (wave == 0) {
                        neverReads.send("execute", "c2", flood);
                    }
                }
                awaitFloods(slowWatcher, (wave + 1) * FLOOD_WAVE);
            }
            awaitFloods(hostileWatcher, FLOOD_WAVE);
            // Then, to the page that never reads: a cell printing until the wall clock stops it, and
            // a line of 1 GiB without a newline, written around the kernel's output capture.
            neverReads.send("execute", "c3", "while (true) System.out.println(\"endless \".repeat(20));");
            neverReads.send("execute", "c1", """
                    var out = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                    byte[] chunk = "x".repeat(1 << 20).getBytes();
                    for (int i = 0; i < 1024; i++) out.write(chunk);
                    out.write('\\n');
                    out.flush();
                    Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "huge-line-written"), "yes");
                    """);

            String seen = paused.readFor(Duration.ofSeconds(15));
            List<String> replies = paused.received.stream().filter(m -> m.contains("\"msg_type\":\"execute_reply\"")).toList();
            List<String> notOk = replies.stream().filter(m -> !m.contains("\"status\":\"ok\""))
                    .map(m -> m.substring(0, Math.min(400, m.length()))).toList();
            System.out.println("output flood: the paused page received " + paused.received.size() + " messages, " + seen.length()
                    + " characters, " + replies.size() + " replies; not ok: " + notOk);
            assertTrue(replies.size() == FLOOD_CELLS && notOk.stream().noneMatch(m -> m.contains("\"aborted\"")),
                    "every flood cell ran, none refused: " + replies.size() + " replies, not ok: " + notOk);
            assertTrue(seen.contains("[output dropped"), "the paused page was told that output was dropped; it received "
                    + paused.received.size() + " messages, " + seen.length() + " characters"
                    + (paused.closed == null ? "" : ", then the connection ended (" + paused.closed + ")"));
            assertTrue(seen.contains("execute_reply"), "replies still reached the paused page");

            hostileWatcher.execute("c2", "\"after the flood\"", Duration.ofSeconds(300));
            sampling.set(false);
            sampler.join();
            long growth = peak.get() - before;
            System.out.println("output flood: server VmRSS " + before + " MB before, peak " + peak.get() + " MB, growth " + growth + " MB");
            assertTrue(growth <= RSS_GROWTH_BOUND_MB, "the server's RSS grew by " + growth + " MB (bound " + RSS_GROWTH_BOUND_MB + " MB)");

            // The page that never read has had output waiting since the flood: once that is older than the
            // stall timeout (30 s), it is disconnected. The server logs that when it happens, which is often
            // already during the endless cell above; at the latest it is 30 s after the last message to it
            // (with the reply above) and a stall check later. Reading only then finds the connection closed:
            // reading earlier would take the waiting output and end the stall.
            awaitServerLogLines(PAGE_DISCONNECTED, disconnectsBefore + 1, Duration.ofSeconds(45));
            neverReads.readFor(Duration.ofSeconds(10));
            assertTrue(neverReads.closed != null, "the page that stayed behind was disconnected");

            List<JsonNode> after = hostileWatcher.execute("c2",
                    "Files.exists(Path.of(System.getProperty(\"java.io.tmpdir\"), \"huge-line-written\")) + \" \" + (warm + 1)",
                    Duration.ofSeconds(60));
            assertTrue(after.toString().contains("\"text/plain\":\"\\\"true 2\\\"\""),
                    "the 1 GiB line was written, and the hostile learner's kernel still works with its state: " + after);
        }
    }

    /**
     * A cell's input prompts count against its output cap, and are never dropped: a cell that has
     * shown more than the cap (each displayed value may be up to 1,000,000 characters, so three of
     * 900,000 pass the server's 2,000,000) is cut with a notice, and its input request still reaches
     * the page, so the cell can be answered and finishes.
     */
    @Test
    void aCellPastItsOutputCapIsCutAndStillGetsItsInput() throws Exception {
        try (PageClient page = new PageClient(base, PageClient.newLearner(base)).open(LESSON)) {
            page.execute("c1", "int warm = 1;", Duration.ofSeconds(180));
            page.send(PageClient.command("execute").put("cell", "c2").put("code", """
                    for (int i = 0; i < 3; i++) display("d".repeat(900_000));
                    new Scanner(System.in).nextLine().length()
                    """));
            List<JsonNode> beforeInput = new ArrayList<>();
            JsonNode request = page.await(m -> {
                if (m.path("cell").asText().equals("c2")) {
                    beforeInput.add(m);
                }
                return m.path("msg_type").asText().equals("input_request") && m.path("cell").asText().equals("c2");
            }, Duration.ofSeconds(120));
            long displays = beforeInput.stream().filter(m -> m.path("msg_type").asText().equals("display_data")).count();
            assertTrue(displays == 2, "the third display passed the cap and was not sent; sent: " + displays);
            assertTrue(beforeInput.stream().anyMatch(m -> m.at("/content/text").asText().contains("[output cut: this cell printed more than")),
                    "the page was told the cell's output was cut");
            assertTrue(request.at("/content/prompt").asText().isEmpty(), request.toString());

            List<JsonNode> rest = page.runAndCollect(PageClient.command("input").put("cell", "c2").put("value", "alice"),
                    "c2", null, Duration.ofSeconds(60));
            // Its result is output past the cap too, so only the reply comes: the cell read the answer and finished.
            assertTrue(rest.getLast().path("msg_type").asText().equals("execute_reply")
                    && rest.getLast().at("/content/status").asText().equals("ok"), "the cell read the answer and finished: " + rest);
        }
    }

    /** How many lines of the server's log so far contain {@code text}. */
    private static long serverLogLines(String text) throws IOException {
        try (var lines = Files.lines(SERVER_LOG, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    /** Waits until the server's log has {@code count} lines containing {@code text}, polling every 200 ms. */
    private static void awaitServerLogLines(String text, long count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (serverLogLines(text) < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /**
     * Waits until the learner's kernel has run {@code count} flood cells: their pages' messages reach
     * the server on their own connections, so a cell sent after them on another page may run first.
     */
    private static void awaitFloods(PageClient watcher, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (!watcher.execute("c1", "floods", Duration.ofSeconds(240)).toString().contains("\"text/plain\":\"" + count + "\"")) {
            assertTrue(System.nanoTime() < deadline, "the kernel ran " + count + " flood cells within 240 s");
            Thread.sleep(200);
        }
    }

    /**
     * Runs {@code count} cells on a page one after another, 200 ms apart, and returns how long each
     * took from sending to its reply, in milliseconds.
     */
    private static List<Long> timeCells(PageClient page, int count, java.util.function.IntFunction<String> code) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            page.execute("c2", code.apply(i), Duration.ofSeconds(60));
            millis.add((System.nanoTime() - start) / 1_000_000);
            Thread.sleep(200);
        }
        return millis;
    }

    private static long p95(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
    }

    /**
     * The bound on another learner's p95 is 500 ms. Only when the machine misses it with no
     * attack at all (the p95 before the attack is over 500 ms: other builds share the CPU) can the
     * attack not be judged by it; then the attack may at most double that p95, and the output says so.
     */
    private static void assertP95WithinBound(String attack, List<Long> latencies, long quietP95) {
        List<Long> sorted = latencies.stream().sorted().toList();
        long p95 = p95(sorted);
        System.out.println(attack + ": victim cells " + sorted.size() + ", p50 " + sorted.get(sorted.size() / 2)
                + " ms, p95 " + p95 + " ms, max " + sorted.getLast() + " ms; before the attack p95 " + quietP95 + " ms");
        long bound = quietP95 < P95_BOUND_MILLIS ? P95_BOUND_MILLIS : 2 * quietP95;
        if (bound != P95_BOUND_MILLIS) {
            System.out.println(attack + ": the machine is too loaded for the " + P95_BOUND_MILLIS + " ms bound (p95 "
                    + quietP95 + " ms before the attack); judged against twice that instead");
        }
        assertTrue(p95 < bound, "the other learner's cells kept p95 under " + bound + " ms (before the attack: "
                + quietP95 + " ms): " + sorted);
    }

    private static long rssMegabytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for the server");
    }

    private static String threadDump() throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.pid()), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes());
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS));
        assertTrue(dump.contains("\"main\"") || dump.contains("qtp"), "a thread dump: " + dump.substring(0, Math.min(500, dump.length())));
        return dump;
    }

    /** Threads inside {@code KernelProcess.send} that write to the pipe or wait for its lock. */
    private static List<String> threadsWaitingOnAKernelPipe(String dump) {
        List<String> waiting = new ArrayList<>();
        for (String thread : dump.split("\n\\s*\n")) {
            if (thread.contains("KernelProcess.send") && (thread.contains("FileOutputStream.write")
                    || thread.contains("waiting to lock") || thread.contains("BLOCKED"))) {
                waiting.add(thread.lines().findFirst().orElse(""));
            }
        }
        return waiting;
    }

    /**
     * A page whose WebSocket reads nothing until told to: what a stalled or hostile browser does.
     *
     * <p>A plain socket speaking just enough WebSocket (RFC 6455: the upgrade, masked text frames out,
     * unmasked frames in), with a 16 KB receive buffer: the JDK's WebSocket client and the kernel's
     * loopback buffers could take tens of megabytes before the server felt anything, so here the
     * server's own limits are what the flood meets.
     */
    private static final class SilentPage implements AutoCloseable {
        private static final int RECEIVE_BUFFER_BYTES = 16 * 1024;
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final List<String> received = new ArrayList<>();
        /** Why the connection ended ("close 4408 ...", "end of stream"), or null while it is open. */
        private String closed;

        private SilentPage(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = socket.getOutputStream();
        }

        static SilentPage open(String base, String learner, String lesson) throws Exception {
            URI uri = URI.create(base);
            Socket socket = new Socket();
            socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES); // before connecting, so the window stays small
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            SilentPage page = new SilentPage(socket);
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            page.out.write(("GET /ws/kernel?lesson=" + lesson + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nOrigin: " + base + "\r\nCookie: course_learner=" + learner
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            page.out.flush();
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) page.in.readUnsignedByte());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), "the upgrade was accepted: " + head);
            return page;
        }

        void send(String type, String cell, String code) throws IOException {
            byte[] payload = JSON.createObjectNode().put("type", type).put("cell", cell).put("code", code).toString()
                    .getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81); // final frame, text
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else {
                frame.write(0x80 | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xff);
            }
            byte[] mask = new byte[4];
            new SecureRandom().nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
        }

        /** Reads every frame that arrives for a while (or until the connection ends); all text so far as one string. */
        String readFor(Duration duration) throws IOException {
            long deadline = System.nanoTime() + duration.toNanos();
            StringBuilder message = new StringBuilder();
            while (closed == null && System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    int first = in.readUnsignedByte();
                    int second = in.readUnsignedByte();
                    long length = second & 0x7f;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    byte[] payload = in.readNBytes((int) length);
                    int opcode = first & 0x0f;
                    if (opcode == 0x8) {
                        closed = "close " + (payload.length >= 2 ? ((payload[0] & 0xff) << 8 | (payload[1] & 0xff)) : 0) + " "
                                + new String(payload, Math.min(2, payload.length), Math.max(0, payload.length - 2), StandardCharsets.UTF_8);
                    } else if (opcode == 0x1 || opcode == 0x0) {
                        message.append(new String(payload, StandardCharsets.UTF_8));
                        if ((first & 0x80) != 0) {
                            received.add(message.toString());
                            message.setLength(0);
                        }
                    }
                } catch (SocketTimeoutException quiet) {
                    break;
                } catch (EOFException | SocketException ended) {
                    closed = "connection ended: " + ended;
                }
            }
            return String.join("\n", received);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
