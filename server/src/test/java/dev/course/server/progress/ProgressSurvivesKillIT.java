package dev.course.server.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.server.cli.CourseCli;
import dev.course.server.web.PageClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learner's code and results survive the server being killed with SIGKILL: a real server
 * process, a real WebSocket client saving code, {@code kill -9}, a new server on the same database.
 */
class ProgressSurvivesKillIT {

    private static final String LESSON = "foundations/vectors-and-similarity";

    private static Process serve(int port, Path database) throws Exception {
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                CourseCli.class.getName(), "serve", "--port", Integer.toString(port), "--database", database.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return process;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start");
    }

    @Test
    void codeAndResultsSurviveKillMinus9(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path database = dir.resolve("progress.db");
        String base = "http://127.0.0.1:" + port;
        String edited = "double cosine(double[] x, double[] y) {\n    return dot(x, y) / (norm(x) * norm(y));\n}";

        Process first = serve(port, database);
        String learner = PageClient.newLearner(base); // signed with the secret kept beside the database
        try (PageClient page = new PageClient(base, learner).open(LESSON)) {
            page.get("/learn/" + LESSON);
            page.send(PageClient.command("save").put("cell", "ex-cosine").put("code", edited));
            page.await(m -> m.path("msg_type").asText().equals("saved"), Duration.ofSeconds(30));
            page.execute("c1", "double x = 42;\nx", Duration.ofSeconds(90));
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            first.waitFor();
        }

        Process second = serve(port, database);
        try (PageClient page = new PageClient(base, learner)) {
            JsonNode saved = new ObjectMapper().readTree(page.get("/api/progress/" + LESSON).body());
            assertEquals(edited, saved.at("/code/ex-cosine").asText(), "the edit saved while typing survived");
            assertEquals("double x = 42;\nx", saved.at("/code/c1").asText(), "the code of the run cell survived");
            assertEquals(1, saved.at("/runs/c1").asInt());
            String home = page.get("/").body();
            assertTrue(home.contains("Vectors and similarity"));
        } finally {
            second.destroy();
            second.waitFor();
        }
    }
}
