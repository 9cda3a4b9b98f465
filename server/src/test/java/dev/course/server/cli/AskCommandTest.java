package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code course ask --json} as scripts see it: one object with the documented keys, on the packaged lessons and a folder. */
class AskCommandTest {

    private static JsonNode askJson(String... args) throws Exception {
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code = CourseCli.commandLine().execute(args);
            assertEquals(0, code, "exit code of course " + String.join(" ", args));
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, out.lines().count(), "one JSON object on one line: " + out);
        return new ObjectMapper().readTree(out);
    }

    private static void assertCitationsAreSpansOfTheirSources(JsonNode o) {
        for (JsonNode c : o.get("citations")) {
            int n = c.get("n").asInt();
            String text = o.get("sources").get(n - 1).get("text").asText();
            assertEquals(n, o.get("sources").get(n - 1).get("n").asInt());
            assertTrue(text.contains(c.get("quote").asText()), "quote of [" + n + "] is a span of source " + n);
        }
    }

    @Test
    void answersFromTheLessonsWithCitations() throws Exception {
        JsonNode o = askJson("ask", "--json", "What does the KV cache store?");
        assertEquals("extractive", o.get("answerer").asText());
        assertFalse(o.get("abstained").asBoolean(), o.toString());
        assertTrue(o.get("answer").asText().contains("keys and values"), o.get("answer").asText());
        assertTrue(o.get("sources").size() > 0 && o.get("sources").get(0).has("id"));
        assertTrue(o.get("citations").size() > 0);
        assertCitationsAreSpansOfTheirSources(o);
        assertFalse(o.get("flagged").asBoolean());
        assertTrue(o.get("steps").size() >= 1 && o.get("rewrite").get("queries").size() >= 1);
    }

    /** Two folders: notes on software projects, and recipes. */
    private static Path[] folders(Path dir) throws Exception {
        Path projects = Files.createDirectories(dir.resolve("projects"));
        Files.writeString(projects.resolve("falcon.md"), "The Falcon project is written in the Zephyr language. Falcon schedules trains.\n");
        Files.writeString(projects.resolve("zephyr.md"), "Zephyr was designed by Ada Marlow in 1987 at a small lab in Lyon.\n");
        Files.writeString(projects.resolve("design.md"), "Good language design balances simplicity, safety and speed.\n");
        Path recipes = Files.createDirectories(dir.resolve("recipes"));
        Files.writeString(recipes.resolve("bread.md"), "Knead the bread dough for ten minutes, then let it rise for an hour.\n");
        Files.writeString(recipes.resolve("soup.md"), "Simmer the onion soup for twenty minutes.\n");
        return new Path[]{projects, recipes};
    }

    @Test
    void routesToAFolderAndFollowsTwoHops(@TempDir Path dir) throws Exception {
        Path[] f = folders(dir);
        JsonNode o = askJson("ask", "--json", "--source", f[1].toString(), "--source", f[0].toString(), "--k", "1",
                "Who designed the language the Falcon project is written in?");
        assertEquals("projects", o.get("routing").get("chosen").get(0).asText(), o.get("routing").toString());
        assertEquals(2, o.get("steps").size(), o.get("steps").toString());
        assertTrue(o.get("answer").asText().contains("Ada Marlow"), o.get("answer").asText());
        assertCitationsAreSpansOfTheirSources(o);
    }

    @Test
    void declinesWhatTheSourcesDoNotSay(@TempDir Path dir) throws Exception {
        Path[] f = folders(dir);
        JsonNode o = askJson("ask", "--json", "--source", f[0].toString(), "How do I configure a Kubernetes ingress controller?");
        assertTrue(o.get("abstained").asBoolean(), o.toString());
        assertEquals(0, o.get("citations").size());
    }
}
