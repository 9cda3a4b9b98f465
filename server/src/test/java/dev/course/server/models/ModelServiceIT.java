package dev.course.server.models;

import dev.course.server.kernel.TestLaunchers;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.kernel.KernelSession;
import dev.course.server.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real sandboxed kernels embedding with MiniLM, once loading the model themselves and once through
 * the server's model service: the vectors are the same, a kernel using the service stays below a
 * memory bound that a kernel loading the model exceeds, and a kernel sending oversized requests
 * and a flood is refused while another kernel still gets its answer.
 *
 * <p>Prints the kernels' resident memory (VmRSS of the kernel JVM, as {@code bench workshop} reads
 * it) and cgroup memory, and writes them to {@code target/model-service-memory.txt}. The number of
 * kernels of each kind is {@code -Dcourse.it.modelKernels} (default 3).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ModelServiceIT {

    private static final int KERNELS = Integer.getInteger("course.it.modelKernels", 3);
    /**
     * A kernel that loaded ONNX Runtime and MiniLM is above this, one that uses the service below
     * it (measured: about 495 MB against 260 MB; an idle kernel is about 240 MB). The model file
     * alone is 90 MB, read into the heap and again into ONNX Runtime's session.
     */
    private static final long BOUND_MB = 360;

    static final List<String> SENTENCES = List.of("The cat sits on the mat.", "Stock markets fell sharply on Monday.",
            "How do I reset my password?");

    /** Embeds the sentences and prints each vector's floats as exact bit patterns, one line per vector. */
    private static final String EMBED = """
            var vectors = dev.course.engine.embed.EmbeddingModel.miniLm().embedAll(List.of(%s));
            for (float[] v : vectors) {
                var line = new StringBuilder();
                for (float f : v) line.append(Integer.toHexString(Float.floatToRawIntBits(f))).append(' ');
                System.out.println(line.toString().strip());
            }
            """.formatted(String.join(", ", SENTENCES.stream().map(s -> '"' + s + '"').toList()));

    private static ModelService service;
    private static KernelLauncher local;
    private static KernelLauncher shared;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void launchers() {
        KernelLimits limits = KernelLimits.defaults().withCellTimeout(Duration.ofSeconds(180));
        local = TestLaunchers.withClassArchive(Sandbox.detect(), limits);
        service = new ModelService(ModelServiceLimits.defaults());
        shared = local.withModelService(service);
        report.add("kernels: " + local.sandbox().describe(limits));
    }

    @AfterAll
    static void writeReport() throws IOException {
        service.close();
        report.forEach(System.out::println);
        Files.write(Path.of("target", "model-service-memory.txt"), report);
    }

    /** One kernel's vectors and memory before (after a trivial cell) and after the embedding cell. */
    record Measured(List<float[]> vectors, long idleRssMb, long rssMb, long cgroupMb) {
    }

    @Test
    void serviceKernelsGetTheLocalVectorsInAFractionOfTheMemory() throws Exception {
        List<Measured> locals = new ArrayList<>();
        List<Measured> served = new ArrayList<>();
        for (int i = 0; i < KERNELS; i++) {
            locals.add(embedIn(local, "local-" + i));
        }
        for (int i = 0; i < KERNELS; i++) {
            served.add(embedIn(shared, "served-" + i));
        }
        report.add("kernel RSS after EmbeddingModel.miniLm().embedAll(3 sentences), MB (cgroup memory in brackets; idle = after `1 + 1`):");
        report.add("  model in the kernel:   " + describe(locals));
        report.add("  model service:         " + describe(served));
        report.add("  service requests: " + service.served() + " served, " + service.refused() + " refused");

        for (Measured kernel : served) {
            for (int v = 0; v < SENTENCES.size(); v++) {
                assertArrayEquals(locals.getFirst().vectors().get(v), kernel.vectors().get(v), 1e-6f, SENTENCES.get(v));
            }
            assertTrue(kernel.rssMb() < BOUND_MB, "a kernel using the service uses " + kernel.rssMb() + " MB");
        }
        for (Measured kernel : locals) {
            assertTrue(kernel.rssMb() > BOUND_MB, "a kernel loading MiniLM itself uses " + kernel.rssMb() + " MB");
        }
        assertTrue(service.served() >= KERNELS);
    }

    @Test
    void aKernelSendingOversizedRequestsAndAFloodIsRefusedWhileAnotherIsServed() throws Exception {
        try (KernelSession attacker = new KernelSession("attacker", shared, List.of());
             KernelSession learner = new KernelSession("learner", shared, List.of())) {
            attacker.warmUp().get(90, TimeUnit.SECONDS);
            learner.warmUp().get(90, TimeUnit.SECONDS);
            // A request the kernel's own encoder would never send: one sequence of 4,096 tokens.
            String oversized = """
                    import dev.course.engine.embed.*;
                    var encoder = (RemoteEncoder) EmbeddingModel.miniLm().encoder();
                    long[] ids = new long[4096];
                    Arrays.fill(ids, 1000L);
                    try {
                        encoder.run(new EncoderInput(1, 4096, ids, new long[4096], new int[] {4096}));
                        System.out.println("accepted");
                    } catch (ModelServiceException e) {
                        System.out.println(e.getMessage());
                    }
                    """;
            String refusal = output(attacker, oversized);
            assertTrue(refusal.contains("refused") && refusal.contains("length must be between 1 and 512"), refusal);

            // Then 24 threads at once, each asking for 16 x 128 positions, over and over.
            String flood = """
                    var flooded = new java.util.concurrent.atomic.AtomicInteger();
                    var refused = new java.util.concurrent.atomic.AtomicInteger();
                    var other = new java.util.concurrent.ConcurrentLinkedQueue<String>();
                    long[] many = new long[16 * 128];
                    Arrays.fill(many, 1000L);
                    int[] lengths = new int[16];
                    Arrays.fill(lengths, 128);
                    var batch = new EncoderInput(16, 128, many, new long[16 * 128], lengths);
                    var threads = new ArrayList<Thread>();
                    for (int t = 0; t < 24; t++) {
                        threads.add(Thread.ofPlatform().start(() -> {
                            for (int r = 0; r < 5; r++) {
                                try {
                                    encoder.pooled(batch, Pooling.MEAN);
                                    flooded.incrementAndGet();
                                } catch (ModelServiceException e) {
                                    if (e.getMessage().contains("in flight")) refused.incrementAndGet(); else other.add(e.getMessage());
                                }
                            }
                        }));
                    }
                    for (var thread : threads) thread.join();
                    System.out.println("answered " + flooded + " refused " + refused + " other " + other);
                    """;
            CompletableFuture<String> flooding = CompletableFuture.supplyAsync(() -> {
                try {
                    return output(attacker, flood);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Measured answered = embedIn(learner);
            try (KernelSession reference = new KernelSession("reference", local, List.of())) {
                Measured expected = embedIn(reference);
                for (int v = 0; v < SENTENCES.size(); v++) {
                    assertArrayEquals(expected.vectors().get(v), answered.vectors().get(v), 1e-6f);
                }
            }
            String floodOutcome = flooding.get(170, TimeUnit.SECONDS);
            report.add("flood from one kernel (24 threads x 5 requests of 16 x 128 tokens): " + floodOutcome.strip()
                    + "; the other kernel got its vectors meanwhile");
            assertTrue(floodOutcome.contains("other []"), "every flood request was answered or refused for its share: " + floodOutcome);
            assertEquals("ok", attacker.execute("1 + 1", (type, content) -> { }).get(60, TimeUnit.SECONDS).status(),
                    "the flooding kernel itself still works");
        }
    }

    private static Measured embedIn(KernelLauncher launcher, String name) throws Exception {
        try (KernelSession session = new KernelSession(name, launcher, List.of())) {
            return embedIn(session);
        }
    }

    private static Measured embedIn(KernelSession session) throws Exception {
        output(session, "1 + 1");
        long idle = rssMb(session.kernelJvm().orElseThrow().pid());
        String printed = output(session, EMBED);
        List<float[]> vectors = printed.lines().filter(line -> !line.isBlank()).map(ModelServiceIT::floats).toList();
        assertEquals(SENTENCES.size(), vectors.size(), printed);
        long pid = session.kernelJvm().orElseThrow().pid();
        return new Measured(vectors, idle, rssMb(pid), session.memoryUsageBytes() < 0 ? -1 : session.memoryUsageBytes() >> 20);
    }

    /** What a cell printed; fails the test if the cell failed. */
    private static String output(KernelSession session, String code) throws Exception {
        StringBuilder out = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        KernelSession.Reply reply = session.execute(code, (type, content) -> {
            if (type.equals("stream")) {
                out.append(content.path("text").asText());
            } else if (type.equals("error")) {
                errors.append(content);
            }
        }).get(180, TimeUnit.SECONDS);
        assertEquals("ok", reply.status(), errors.toString());
        return out.toString();
    }

    private static float[] floats(String line) {
        String[] hex = line.strip().split(" ");
        float[] values = new float[hex.length];
        for (int i = 0; i < hex.length; i++) {
            values[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex[i], 16));
        }
        return values;
    }

    /** Resident memory of a process, from /proc, as {@code bench workshop} measures kernels. */
    static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    private static String describe(List<Measured> kernels) {
        return kernels.stream().map(k -> k.rssMb() + (k.cgroupMb() < 0 ? "" : " [" + k.cgroupMb() + "]")).toList()
                + ", mean " + Math.round(kernels.stream().mapToLong(Measured::rssMb).average().orElse(0))
                + " (idle before: mean " + Math.round(kernels.stream().mapToLong(Measured::idleRssMb).average().orElse(0)) + ")";
    }
}
