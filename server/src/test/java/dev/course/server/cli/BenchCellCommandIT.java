package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code course bench cell --json} as scripts use it: a real CLI process that starts the real server,
 * a warm pool of sandboxed kernels, the model service as under {@code serve}, and a WebSocket client,
 * and prints exactly one JSON line with the keys issue 6 names and where the models ran. Its latencies
 * are checked only against what would mean something is broken (a cell waiting on a timer or a poll),
 * not against the targets: those are measured with the benchmark on a quiet machine, never by a test.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BenchCellCommandIT {

    /** Far above a small cell's round trip even on a loaded machine; a cell that waits on a timer or a one-second poll exceeds it. */
    private static final double NOT_WAITING_ON_A_TIMER_MS = 500;

    @Test
    void printsTheFirstCellAndRoundTripLatenciesAsOneJsonLine() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                CourseCli.class.getName(), "bench", "cell", "--json", "--cells", "40");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the benchmark finished");
        assertEquals(0, process.exitValue(), out);
        assertEquals(1, out.lines().count(), "one line: " + out);
        JsonNode line = new ObjectMapper().readTree(out);
        Set<String> keys = new TreeSet<>();
        line.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("bench", "first_cell_ms", "p50_ms", "p95_ms", "models"), keys, out);
        assertEquals("cell", line.get("bench").asText());
        assertEquals("service", line.get("models").asText(), "the server serve assembles, with its shared model service");
        double first = line.get("first_cell_ms").asDouble();
        double p50 = line.get("p50_ms").asDouble();
        double p95 = line.get("p95_ms").asDouble();
        System.out.println("bench cell: " + out);
        assertTrue(p95 >= p50, out);
        // Latency targets mean something only on a machine that is not busy with other work.
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        org.junit.jupiter.api.Assumptions.assumeTrue(load <= 1.5 * cores,
                "latency targets not checked: load average " + load + " on " + cores + " cores (other work is running); measured " + out);
        // Bounds for what is broken, not for speed: a small cell that waits on a timer or a poll takes
        // hundreds of milliseconds. The targets themselves are the benchmark's to report on a quiet
        // machine (docs/measurements.md): on this shared virtual machine the same build measured p50
        // 37 ms at 16:47 and 75-117 ms at 19:20 on 2026-12-07, a load average of 1 or less both times.
        assertTrue(first > 0 && first <= 5 * BenchCellCommand.FIRST_CELL_TARGET_MS, "first cell " + first + " ms");
        assertTrue(p50 > 0 && p50 <= NOT_WAITING_ON_A_TIMER_MS, "p50 " + p50 + " ms");
    }
}
