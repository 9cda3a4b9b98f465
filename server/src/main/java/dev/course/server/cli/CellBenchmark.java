package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Messages;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Measures what a learner feels when running a cell: a browser-like client of a running course
 * server, which opens a lesson page (getting a learner cookie), connects the kernel WebSocket as the
 * page's script does, and times each cell from sending it to its {@code execute_reply}.
 *
 * <p>The first cell of a new learner includes getting a kernel for them (from the warm pool, or
 * started) and running the lesson's setup; the following small cells measure the round trip
 * through the server and a warm kernel. Cells are paced below the server's per-learner rate limit,
 * as a person runs them.
 */
final class CellBenchmark {

    /** The code of every timed cell: small, so the time is the round trip, not the work. */
    static final String SMALL_CELL = "1 + 1";
    private static final Duration CELL_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What was measured.
     *
     * @param firstCellMillis a new learner's first cell, from opening the WebSocket to its reply
     * @param roundTripsMillis the following small cells, each from sending to its reply
     */
    record Result(double firstCellMillis, List<Double> roundTripsMillis) {
        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(roundTripsMillis);
            Collections.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }

    private final String base;
    private final String lesson;
    private final String cellId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param base   the server, e.g. {@code http://127.0.0.1:7070}
     * @param lesson {@code track/slug} of the lesson whose kernel runs the cells
     * @param cellId a cell of that lesson (the server accepts only cells the lesson has)
     */
    CellBenchmark(String base, String lesson, String cellId) {
        this.base = base;
        this.lesson = lesson;
        this.cellId = cellId;
    }

    /**
     * Runs the measurement.
     *
     * @param warmUp  small cells run before timing, to warm the JIT of the server and the kernel
     * @param cells   small cells timed
     * @param spacing time between cells, to stay under the server's rate limit
     * @param afterFirstCell run after the first cell, before the small ones (waits for the warm pool to refill)
     */
    Result run(int warmUp, int cells, Duration spacing, Runnable afterFirstCell) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/learn/" + lesson)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("GET /learn/" + lesson + " answered " + page.statusCode());
        }
        String cookie = dev.course.server.bench.PageConnection.LEARNER_COOKIE + "="
                + dev.course.server.bench.PageConnection.learnerCookie(page)
                .orElseThrow(() -> new IllegalStateException("the lesson page set no learner cookie"));
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        long connectStart = System.nanoTime();
        WebSocket socket = http.newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws/kernel?lesson=" + lesson), new Collector(received))
                .get(30, TimeUnit.SECONDS);
        try {
            double first = runCell(socket, received, connectStart);
            afterFirstCell.run();
            for (int i = 0; i < warmUp; i++) {
                Thread.sleep(spacing);
                runCell(socket, received, System.nanoTime());
            }
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < cells; i++) {
                Thread.sleep(spacing);
                times.add(runCell(socket, received, System.nanoTime()));
            }
            return new Result(first, times);
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    /** Sends one small cell and waits for its reply; returns milliseconds since {@code start}. */
    private double runCell(WebSocket socket, BlockingQueue<JsonNode> received, long start) throws Exception {
        socket.sendText(Messages.JSON.createObjectNode().put("type", "execute").put("cell", cellId)
                .put("code", SMALL_CELL).toString(), true).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + CELL_TIMEOUT.toNanos();
        while (true) {
            JsonNode message = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new IllegalStateException("no execute_reply within " + CELL_TIMEOUT.toSeconds() + " s");
            }
            String type = message.path("msg_type").asText();
            if (type.equals("problem")) {
                throw new IllegalStateException("the server refused the cell: " + message.path("content").path("message").asText());
            }
            if (type.equals("execute_reply") && cellId.equals(message.path("cell").asText())) {
                String status = message.path("content").path("status").asText();
                if (!status.equals("ok")) {
                    throw new IllegalStateException("the cell ended with status " + status + ": " + message);
                }
                return (System.nanoTime() - start) / 1e6;
            }
        }
    }

    /** Collects the server's messages, one JSON object per (possibly fragmented) text frame. */
    private record Collector(BlockingQueue<JsonNode> received, StringBuilder partial) implements WebSocket.Listener {
        Collector(BlockingQueue<JsonNode> received) {
            this(received, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(Messages.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    // Not JSON: not ours to time.
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
