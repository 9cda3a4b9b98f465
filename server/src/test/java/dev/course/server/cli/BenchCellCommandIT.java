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
 * and prints exactly one JSON line with the keys issue 6 names and where the models ran. The latencies are held to the targets — a new learner's first cell
 * within 1 s — and, with room for a busy CI machine, small cells within twice the 30 ms goal.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BenchCellCommandIT {

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
        assertTrue(first > 0 && first <= BenchCellCommand.FIRST_CELL_TARGET_MS, "first cell " + first + " ms");
        assertTrue(p50 > 0 && p50 <= 2 * BenchCellCommand.P50_TARGET_MS, "p50 " + p50 + " ms");
    }
}
