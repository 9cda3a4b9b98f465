package dev.course.server.web;

import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.MimeTypes;
import dev.course.server.sandbox.KernelLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An exercise's check on a real sandboxed kernel under a short wall clock: an endless loop in the
 * learner's code ends with a message saying so (never "Checking…" forever, never a bare stop
 * signal), the learner's Stop ends a check the same way, and the kernel checks the next attempt.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ExerciseTimeLimitIT {

    private static final String LESSON = "foundations/vectors-and-similarity";
    private static final Duration WALL_CLOCK = Duration.ofSeconds(8);
    private static CourseApplication server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        KernelLimits limits = KernelLimits.defaults().withCellTimeout(WALL_CLOCK);
        server = TestServers.application(limits).maxKernels(2).withoutSearchModel().start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Sends a check and collects the exercise cell's messages up to its check_blocked or verdict. */
    private static List<JsonNode> check(PageClient page, String code, boolean pressStop) throws Exception {
        page.send(PageClient.command("check").put("exercise", "cosine").put("code", code));
        List<JsonNode> messages = new ArrayList<>();
        boolean stopped = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message;
            try {
                message = page.await(m -> m.path("cell").asText().equals("ex-cosine"), Duration.ofSeconds(2));
            } catch (AssertionError quiet) {
                if (pressStop && !stopped && !messages.isEmpty()) {
                    page.send(PageClient.command("interrupt")); // the code ran; the checks loop now
                    stopped = true;
                }
                continue;
            }
            messages.add(message);
            String type = message.path("msg_type").asText();
            if (type.equals("check_blocked") || type.equals("display_data") && message.at("/content/data").has(MimeTypes.CHECK)) {
                return messages;
            }
        }
        throw new AssertionError("the check neither gave a verdict nor said why within 120 s: " + messages);
    }

    private static String blocked(List<JsonNode> messages) {
        JsonNode last = messages.getLast();
        assertEquals("check_blocked", last.path("msg_type").asText(), "no verdict, but a reason: " + messages);
        return last.at("/content/message").asText();
    }

    @Test
    void anEndlessLoopInTheCheckedCodeEndsWithTheWallClockAndSaysSo() throws Exception {
        try (PageClient page = new PageClient(base, PageClient.newLearner(base)).open(LESSON)) {
            long start = System.nanoTime();
            List<JsonNode> messages = check(page, "double cosine(double[] x, double[] y) {\n    while (true) { }\n}", false);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

            String message = blocked(messages);
            assertTrue(message.startsWith("The check stopped after 8 s: your code did not finish"), message);
            assertTrue(message.contains("loop"), message);
            assertFalse(messages.toString().contains("ThreadDeath"), "no bare stop signal: " + messages);
            assertTrue(seconds < 60, "ended by the 8 s wall clock, not by the test's patience: " + seconds + " s");

            List<JsonNode> fixed = check(page, """
                    double cosine(double[] x, double[] y) {
                        double dot = 0, xx = 0, yy = 0;
                        for (int i = 0; i < x.length; i++) { dot += x[i] * y[i]; xx += x[i] * x[i]; yy += y[i] * y[i]; }
                        return dot / Math.sqrt(xx * yy);
                    }
                    """, false);
            JsonNode verdict = fixed.getLast().at("/content/data/" + MimeTypes.CHECK.replace("/", "~1"));
            assertTrue(verdict.path("passed").asBoolean(), "the same kernel checks the fixed code: " + fixed);
        }
    }

    @Test
    void stopDuringACheckSaysTheCheckWasStopped() throws Exception {
        try (PageClient page = new PageClient(base, PageClient.newLearner(base)).open(LESSON)) {
            List<JsonNode> messages = check(page, "double cosine(double[] x, double[] y) {\n    while (true) { }\n}", true);

            String message = blocked(messages);
            assertTrue(message.startsWith("The check was stopped before it finished"), message);
            assertFalse(messages.toString().contains("ThreadDeath"), "no bare stop signal: " + messages);
        }
    }
}
