package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code course index}, {@code search} and {@code eval} run in-process on a small real corpus (a
 * folder of Markdown notes) with the real encoders and a real index on disk.
 */
class SearchCommandsTest {

    @TempDir
    static Path dir;
    static Path notes;
    static Path index;

    /** What a command printed, and its exit code. */
    record Run(int code, String out, String err) {
        List<JsonNode> json() throws Exception {
            var mapper = new ObjectMapper();
            var lines = new ArrayList<JsonNode>();
            for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
                lines.add(mapper.readTree(line));
            }
            return lines;
        }
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CourseCli.commandLine().setCaseInsensitiveEnumValuesAllowed(true).execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @BeforeAll
    static void indexNotes() throws Exception {
        notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("bread.md"), """
                ---
                title: Bread
                ---
                Bread needs flour, water, salt and yeast.

                ## Kneading

                Knead the dough for ten minutes until it is smooth and springs back.

                ## Baking

                Bake the loaf in a hot oven, 230 degrees, for thirty minutes.
                """);
        Files.writeString(notes.resolve("cars.md"), """
                # Cars

                An engine burns fuel to turn the wheels.

                ## Brakes

                Brakes turn the car's motion into heat, which slows the vehicle down until it stops.
                """);
        Files.writeString(notes.resolve("garden.txt"), "Tomatoes need sun, water and a stake to climb.");
        index = dir.resolve("index");
        Run built = run("index", "--corpus", notes.toString(), "--out", index.toString());
        assertEquals(0, built.code(), built.err());
        assertTrue(built.out().contains("6 documents, 6 chunks, bge-small-en-v1.5-q vectors"), built.out());
        assertTrue(built.err().contains("embedding with bge-small-en-v1.5-q ["), "a progress bar on stderr: " + built.err());
    }

    @Test
    void indexingAgainReopensWithoutEmbedding() {
        Run again = run("index", "--corpus", notes.toString(), "--out", index.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("reopened in"), again.out());
        assertTrue(!again.err().contains("embedding"), "nothing is embedded again: " + again.err());
    }

    @Test
    void anIndexThisVersionCannotReadIsBuiltAgainWithOneLine() throws Exception {
        Path damaged = dir.resolve("damaged");
        Run built = run("index", "--corpus", notes.toString(), "--out", damaged.toString());
        assertEquals(0, built.code(), built.err());
        // As an index of an older Lucene meets this one: its commit point cannot be read.
        try (var files = Files.list(damaged.resolve("lucene"))) {
            for (Path segments : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.writeString(segments, "not a Lucene commit");
            }
        }
        Run again = run("index", "--corpus", notes.toString(), "--out", damaged.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("built in"), "built again, not reopened: " + again.out());
        List<String> said = again.err().lines().filter(l -> l.contains("cannot be read")).toList();
        assertEquals(1, said.size(), again.err());
        assertTrue(said.getFirst().startsWith("the index at " + damaged + " cannot be read by this version (")
                && said.getFirst().endsWith("; building it again"), said.getFirst());
        assertTrue(!again.err().contains("Exception") && !again.err().contains("\tat "), "no stack trace: " + again.err());
        Run search = run("search", "tomatoes", "--corpus", notes.toString(), "--index", damaged.toString(), "--mode", "bm25");
        assertEquals(0, search.code(), search.err());
        assertTrue(search.out().contains("garden"), search.out());
    }

    @Test
    void everyModeFindsTheRightSection() throws Exception {
        for (String mode : List.of("bm25", "dense", "hybrid")) {
            Run r = run("search", "how long should the dough be kneaded", "--corpus", notes.toString(),
                    "--index", index.toString(), "--mode", mode, "--k", "3", "--json");
            assertEquals(0, r.code(), r.err());
            List<JsonNode> hits = r.json();
            assertTrue(!hits.isEmpty() && hits.size() <= 3, mode + ": " + r.out());
            assertEquals("bread.md#kneading", hits.getFirst().get("document").asText(), mode + ": " + r.out());
            assertEquals(1, hits.getFirst().get("rank").asInt());
            assertEquals("Bread › Kneading", hits.getFirst().get("title").asText());
        }
    }

    @Test
    void denseSearchFindsParaphrasesThatShareNoWord() throws Exception {
        Run r = run("search", "halting an automobile", "--corpus", notes.toString(), "--index", index.toString(),
                "--mode", "dense", "--k", "2", "--json");
        for (JsonNode hit : r.json()) {
            assertTrue(hit.get("document").asText().startsWith("cars.md#"), "both hits are about cars: " + r.out());
        }
        Run bm25 = run("search", "halting an automobile", "--corpus", notes.toString(), "--index", index.toString(),
                "--mode", "bm25", "--json");
        assertTrue(bm25.json().isEmpty(), "BM25 has no shared word to match: " + bm25.out());
    }

    @Test
    void rerankingKeepsTheCandidatesAndReordersThem() throws Exception {
        for (String rerank : List.of("maxsim", "dense")) {
            Run r = run("search", "hot oven temperature", "--corpus", notes.toString(), "--index", index.toString(),
                    "--rerank", rerank, "--json");
            assertEquals(0, r.code(), r.err());
            List<JsonNode> hits = r.json();
            assertEquals("bread.md#baking", hits.getFirst().get("document").asText(), rerank + ": " + r.out());
            assertTrue(hits.getFirst().get("method").asText().contains(rerank.equals("maxsim") ? "maxsim" : "rescore"));
        }
        Run bad = run("search", "x", "--corpus", notes.toString(), "--index", index.toString(), "--rerank", "cross:" + dir.resolve("none"));
        assertTrue(bad.code() != 0 && bad.err().contains("no cross-encoder at"), bad.err());
    }

    @Test
    void textOutputIsATable() {
        Run r = run("search", "tomatoes", "--corpus", notes.toString(), "--index", index.toString(), "--mode", "bm25");
        assertTrue(r.out().startsWith("bm25: tomatoes") && r.out().contains("garden.txt"), r.out());
    }

    @Test
    void evalSkipsCleanlyWhenTheDatasetIsAbsent() {
        Run r = run("eval", "--dataset", "cranfield:" + dir.resolve("no-such-folder"), "--json");
        assertEquals(0, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("no Cranfield collection at") && r.err().contains("skipped"), r.err());
        Run beir = run("eval", "--dataset", "beir:" + dir.resolve("no-such-folder"));
        assertEquals(0, beir.code());
        assertTrue(beir.err().contains("no BEIR dataset"), beir.err());
    }

    @Test
    void evalPrintsOneJsonLinePerPipeline() throws Exception {
        Run r = run("eval", "--dataset", "jdk-questions", "--queries", "5", "--json");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> rows = r.json();
        assertEquals(List.of("bm25", "dense-minilm", "dense-bge", "hybrid", "hybrid3", "hybrid+rerank",
                        "lucene-bm25", "lucene-bm25f", "bm25+rm3", "hybrid3+rm3", "dense-bge+prf", "dense-minilm+prf",
                        "bm25@test", "lucene-bm25f@test", "hybrid3@test", "hybrid3+rm3@test", "bm25+rm3@test",
                        "weighted-minmax@test", "weighted-zscore@test", "weighted-dev-best@test"),
                rows.stream().map(n -> n.get("pipeline").asText()).toList());
        for (JsonNode row : rows) {
            for (String key : List.of("ndcg@10", "recall@100", "mrr")) {
                double v = row.get(key).asDouble();
                assertTrue(v >= 0 && v <= 1, key + " of " + row);
            }
            boolean testHalf = row.get("pipeline").asText().endsWith("@test");
            // The test half is the 2nd and 4th of the 5 queries; the 1st, 3rd and 5th chose the weights.
            assertEquals(testHalf ? 2 : 5, row.get("queries").asInt(), row.toString());
        }
        assertEquals(rows.get(0).get("ndcg@10").asDouble(), rows.get(6).get("ndcg@10").asDouble(), 1e-9,
                "the course's bm25 ranks as plain Lucene BM25 does");
        assertTrue(rows.get(0).get("description").asText().contains("EnglishAnalyzer, title + text in one field"),
                "the baseline says its analyzer and fields: " + rows.get(0));
        assertTrue(rows.get(16).get("description").asText().startsWith("bm25+rm3(fbDocs="), rows.get(16).toString());
        assertTrue(rows.get(17).get("description").asText().startsWith("weighted["), rows.get(17).toString());
        assertTrue(rows.get(17).get("description").asText().contains("(bm25+rm3(fbDocs="), "fuses the tuned RM3: " + rows.get(17));
    }

    /**
     * {@code --dataset jdk-full} searches a JDK corpus index instead of embedding the documents: here
     * the small sample's index stands in for the full one (the full corpus takes minutes to index),
     * so the scores are low but every row has the keys of the other datasets, no MiniLM row, and the
     * capstone's jdk- rows.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void evalOfTheFullJdkSetSearchesTheCorpusIndex() throws Exception {
        Path jdkIndex = dir.resolve("jdk-sample-index");
        Run built = run("index", "--corpus", "jdk-sample", "--out", jdkIndex.toString());
        assertEquals(0, built.code(), built.err());
        Run r = run("eval", "--dataset", "jdk-full", "--index", jdkIndex.toString(), "--queries", "4", "--json");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> rows = r.json();
        assertEquals(List.of("bm25", "dense-bge", "hybrid", "hybrid+rerank", "lucene-bm25", "lucene-bm25f", "bm25+rm3",
                        "dense-bge+prf", "jdk-bm25-no-words",
                        "bm25@test", "lucene-bm25f@test", "bm25+rm3@test", "weighted-minmax@test", "weighted-zscore@test",
                        "weighted-dev-best@test",
                        "hybrid@test", "jdk-weighted@test", "jdk-weighted+usage@test",
                        "jdk-weighted+usage-deprecated@test", "jdk-weighted+usage+module@test", "jdk-weighted+type@test",
                        "jdk-weighted+type+dense-of@test", "jdk-weighted+type-members@test", "jdk-weighted+everyday@test",
                        "jdk-engine@test",
                        "jdk-engine+rerank@test"),
                rows.stream().map(n -> n.get("pipeline").asText()).toList());
        for (JsonNode row : rows) {
            assertTrue(row.get("dataset").asText().startsWith("jdk-full"), row.toString());
            for (String key : List.of("ndcg@10", "recall@100", "mrr", "success@10", "mrr@10")) {
                double v = row.get(key).asDouble();
                assertTrue(v >= 0 && v <= 1, key + " of " + row);
            }
            assertTrue(row.get("mrr@10").asDouble() <= row.get("mrr").asDouble() + 1e-9, row.toString());
        }
        // The sample holds some answers: String's strip and trim for "cut off the spaces around a piece of text".
        assertTrue(rows.getFirst().get("success@10").asDouble() > 0, "some answer is in the sample's top 10: " + rows.getFirst());
        // The sample's documents carry no words, so the row without them ranks as bm25 does.
        assertEquals(rows.getFirst().get("ndcg@10").asDouble(), rows.get(8).get("ndcg@10").asDouble(), 1e-9, rows.get(8).toString());
        JsonNode engine = rows.get(rows.size() - 2);
        assertTrue(engine.get("description").asText().startsWith("weighted" + dev.course.engine.corpus.JdkSearch.WEIGHTS),
                "jdk-engine@test is the shipped engine: " + engine);
    }

    @Test
    void theIndexOptionIsForTheFullJdkSetOnly() {
        Run r = run("eval", "--dataset", "jdk-questions", "--index", dir.resolve("x").toString());
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("--index is for --dataset jdk-full only"), r.err());
    }

    @Test
    void theEngineOnlyOptionIsForTheFullJdkSetOnly() {
        Run r = run("eval", "--dataset", "jdk-questions", "--engine-only");
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("--engine-only is for --dataset jdk-full only"), r.err());
    }
}
