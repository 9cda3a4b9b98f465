package dev.course.engine.eval;

import dev.course.engine.chunk.Document;

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
 * Reads the Cranfield collection: 1,400 aeronautics abstracts, 225 queries, graded judgements.
 *
 * <p>Files: {@code cran.all.1400} (records {@code .I id}, then fields {@code .T} title, {@code .A}
 * authors, {@code .B} source, {@code .W} abstract), {@code cran.qry} and {@code cranqrel}. Two
 * quirks are handled here:
 * <ul>
 *   <li>the {@code .I} numbers of the queries skip values, but the judgements number the queries
 *       1..225 <em>in file order</em>, so query ids are assigned by position;
 *   <li>grades run 1 (complete answer) to 4 (minimum interest), and -1 means not relevant; the
 *       gain is {@code 5 - grade} for grades 1..4 and 0 otherwise, so binary metrics count grades
 *       1..4 as relevant.
 * </ul>
 */
public final class CranfieldReader {

    public static final String DOCUMENTS = "cran.all.1400";
    public static final String QUERIES = "cran.qry";
    public static final String JUDGEMENTS = "cranqrel";

    private CranfieldReader() {
    }

    /** True if {@code dir} holds the three Cranfield files. */
    public static boolean isPresent(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(DOCUMENTS))
                && Files.isRegularFile(dir.resolve(QUERIES)) && Files.isRegularFile(dir.resolve(JUDGEMENTS));
    }

    public static Dataset read(Path dir) throws IOException {
        if (!isPresent(dir)) {
            throw new IllegalArgumentException("no Cranfield collection at " + dir.toAbsolutePath()
                    + ": expected " + DOCUMENTS + ", " + QUERIES + " and " + JUDGEMENTS);
        }
        var documents = new ArrayList<Document>();
        for (Map<String, String> record : records(dir.resolve(DOCUMENTS))) {
            documents.add(new Document(record.get(".I"), clean(record.getOrDefault(".T", "")),
                    clean(record.getOrDefault(".W", "")), "cranfield"));
        }
        var queries = new ArrayList<EvalQuery>();
        for (Map<String, String> record : records(dir.resolve(QUERIES))) {
            queries.add(new EvalQuery(String.valueOf(queries.size() + 1), clean(record.getOrDefault(".W", ""))));
        }
        var gains = new LinkedHashMap<String, Map<String, Integer>>();
        for (String line : Files.readAllLines(dir.resolve(JUDGEMENTS), StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 3) {
                continue;
            }
            int grade = Integer.parseInt(parts[2]);
            int gain = grade >= 1 && grade <= 4 ? 5 - grade : 0;
            gains.computeIfAbsent(parts[0], q -> new HashMap<>()).put(parts[1], gain);
        }
        return new Dataset("cranfield", documents, queries, new Qrels(gains));
    }

    /** Splits a file into records, each a map from field marker ({@code .I}, {@code .T}, ...) to text. */
    private static List<Map<String, String>> records(Path file) throws IOException {
        var records = new ArrayList<Map<String, String>>();
        Map<String, String> current = null;
        String field = null;
        var text = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            boolean marker = line.length() >= 2 && line.charAt(0) == '.' && Character.isLetter(line.charAt(1))
                    && (line.length() == 2 || line.charAt(2) == ' ');
            if (!marker) {
                text.append(line).append('\n');
                continue;
            }
            if (current != null && field != null) {
                current.put(field, text.toString());
            }
            text.setLength(0);
            field = line.substring(0, 2);
            if (field.equals(".I")) {
                current = new HashMap<>();
                records.add(current);
                current.put(".I", line.substring(2).trim().replaceFirst("^0+(?=\\d)", ""));
                field = null;
            }
        }
        if (current != null && field != null) {
            current.put(field, text.toString());
        }
        return records;
    }

    /** Joins the hard-wrapped lines and the detached full stops (" .") of the source files. */
    private static String clean(String raw) {
        return raw.replaceAll("\\s+", " ").replace(" .", ".").replace(" ,", ",").trim();
    }
}
