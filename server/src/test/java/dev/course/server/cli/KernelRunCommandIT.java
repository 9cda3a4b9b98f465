package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code course kernel run} as instructors use it: a real CLI process running a real kernel. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KernelRunCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> kernelRun(Path file, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"),
                CourseCli.class.getName(), "kernel", "run"));
        command.addAll(List.of(extra));
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // every line must be JSON
            }
        }
        return lines;
    }

    private static List<JsonNode> of(List<JsonNode> lines, int cell, String type) {
        return lines.stream().filter(l -> l.get("cell").asInt() == cell && l.get("msg_type").asText().equals(type)).toList();
    }

    @Test
    void printsJupyterMessagesPerCellAndGoesOnAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cells.jsh");
        Files.writeString(file, """
                System.out.println("hello from cell 1");
                //%%
                int x = 20;
                x + 22
                //%%
                String s = 42;
                //%%
                svg("<svg xmlns='http://www.w3.org/2000/svg'><circle r='5'/></svg>");
                //%%
                System.exit(3);
                //%%
                "still running"
                """);
        List<JsonNode> lines = kernelRun(file);

        assertEquals("hello from cell 1\n", of(lines, 1, "stream").getFirst().at("/content/text").asText());
        assertEquals("stdout", of(lines, 1, "stream").getFirst().at("/content/name").asText());
        assertEquals("42", of(lines, 2, "execute_result").getFirst().at("/content/data/text~1plain").asText());
        assertEquals("error", of(lines, 3, "execute_reply").getFirst().at("/content/status").asText());
        assertEquals(1, of(lines, 3, "error").size());
        assertTrue(of(lines, 4, "display_data").getFirst().at("/content/data/image~1svg+xml").asText().contains("<circle"));
        assertTrue(of(lines, 5, "kernel_restarted").getFirst().at("/content/reason").asText().contains("code 3"));
        assertEquals("ok", of(lines, 6, "execute_reply").getFirst().at("/content/status").asText());
        assertTrue(of(lines, 6, "execute_result").getFirst().at("/content/data/text~1plain").asText().contains("still running"));
        for (int cell = 1; cell <= 6; cell++) {
            assertEquals(1, of(lines, cell, "execute_reply").size(), "one execute_reply per cell");
        }
        JsonNode lastOfCell1 = lines.stream().filter(l -> l.get("cell").asInt() == 1).reduce((a, b) -> b).orElseThrow();
        assertEquals("execute_reply", lastOfCell1.get("msg_type").asText(), "execute_reply ends each cell");
    }

    @Test
    void stopsAnEndlessLoopWithTheTimeout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("loop.jsh");
        Files.writeString(file, "while (true) { }\n//%%\n1 + 1\n");
        List<JsonNode> lines = kernelRun(file, "--timeout", "3", "--sandbox");
        assertEquals("error", of(lines, 1, "execute_reply").getFirst().at("/content/status").asText());
        assertEquals("ok", of(lines, 2, "execute_reply").getFirst().at("/content/status").asText());
    }
}
