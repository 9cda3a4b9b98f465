package dev.course.engine.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.chunk.Document;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset in the BEIR layout, the common format of modern retrieval benchmarks:
 * <pre>
 * corpus.jsonl      {"_id": "d1", "title": "...", "text": "..."} per line
 * queries.jsonl     {"_id": "q1", "text": "..."} per line
 * qrels/test.tsv    query-id  corpus-id  score   (tab-separated, with a header line)
 * </pre>
 * Only queries that have judgements in the chosen split are kept.
 */
public final class BeirReader {

    public static final String DEFAULT_SPLIT = "test";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BeirReader() {
    }

    public static boolean isPresent(Path dir, String split) {
        return dir != null && Files.isRegularFile(dir.resolve("corpus.jsonl"))
                && Files.isRegularFile(dir.resolve("queries.jsonl"))
                && Files.isRegularFile(dir.resolve("qrels").resolve(split + ".tsv"));
    }

    public static Dataset read(Path dir) throws IOException {
        return read(dir, DEFAULT_SPLIT);
    }

    public static Dataset read(Path dir, String split) throws IOException {
        if (!isPresent(dir, split)) {
            throw new IllegalArgumentException("no BEIR dataset at " + dir.toAbsolutePath()
                    + ": expected corpus.jsonl, queries.jsonl and qrels/" + split + ".tsv");
        }
        var documents = new ArrayList<Document>();
        forEachJson(dir.resolve("corpus.jsonl"), node -> documents.add(new Document(
                node.path("_id").asText(), node.path("title").asText(""), node.path("text").asText(""),
                dir.getFileName().toString())));

        var gains = new LinkedHashMap<String, Map<String, Integer>>();
        List<String> lines = Files.readAllLines(dir.resolve("qrels").resolve(split + ".tsv"), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\t");
            if (parts.length < 3 || (i == 0 && !parts[2].trim().matches("-?\\d+"))) {
                continue; // the header, or a blank line
            }
            gains.computeIfAbsent(parts[0].trim(), q -> new HashMap<>())
                    .put(parts[1].trim(), Integer.parseInt(parts[2].trim()));
        }

        var queries = new ArrayList<EvalQuery>();
        forEachJson(dir.resolve("queries.jsonl"), node -> {
            String id = node.path("_id").asText();
            if (gains.containsKey(id)) {
                queries.add(new EvalQuery(id, node.path("text").asText("")));
            }
        });
        return new Dataset(dir.getFileName().toString(), documents, queries, new Qrels(gains));
    }

    private static void forEachJson(Path file, java.util.function.Consumer<JsonNode> action) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    action.accept(JSON.readTree(line));
                }
            }
        }
    }
}
