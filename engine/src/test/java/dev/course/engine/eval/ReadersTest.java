package dev.course.engine.eval;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadersTest {

    @TempDir
    Path tmp;

    static Path cranfield() {
        return Path.of(System.getProperty("course.shared", "../shared"), "datasets", "cranfield");
    }

    @Test
    void readsABeirDirectory() throws Exception {
        Files.writeString(tmp.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "Vectors", "text": "Embeddings are vectors."}
                {"_id": "d2", "title": "", "text": "BM25 counts words."}
                """);
        Files.writeString(tmp.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "what are embeddings"}
                {"_id": "q2", "text": "unjudged query"}
                """);
        Files.createDirectories(tmp.resolve("qrels"));
        Files.writeString(tmp.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n");
        Dataset dataset = BeirReader.read(tmp);
        assertEquals(2, dataset.documents().size());
        assertEquals("Vectors", dataset.documents().getFirst().title());
        assertEquals(1, dataset.queries().size(), "only judged queries are kept");
        assertEquals(Map.of("d1", 2, "d2", 0), dataset.qrels().gains("q1"));
        assertEquals(Set.of("d1"), dataset.qrels().relevant("q1"));
    }

    @Test
    void saysClearlyWhenADatasetIsAbsent() {
        assertFalse(CranfieldReader.isPresent(tmp));
        var e = assertThrows(IllegalArgumentException.class, () -> CranfieldReader.read(tmp));
        assertTrue(e.getMessage().contains("cran.all.1400"));
        assertThrows(IllegalArgumentException.class, () -> BeirReader.read(tmp.resolve("missing")));
    }

    @Test
    void readsCranfieldWithItsQueryNumberingQuirk() throws Exception {
        Assumptions.assumeTrue(CranfieldReader.isPresent(cranfield()), "Cranfield not found at " + cranfield() + ": skipped");
        Dataset cranfield = CranfieldReader.read(cranfield());
        assertEquals(1400, cranfield.documents().size());
        assertEquals(225, cranfield.queries().size());
        assertEquals(225, cranfield.qrels().queryCount());
        assertEquals("1", cranfield.documents().getFirst().id());
        assertTrue(cranfield.documents().getFirst().title().startsWith("experimental investigation of the aerodynamics"));
        // The file's 3rd query is ".I 004", but the judgements call it query 3.
        assertEquals("3", cranfield.queries().get(2).id());
        assertTrue(cranfield.queries().get(2).text().startsWith("what problems of heat conduction in composite slabs"));
        // "1 184 2" in cranqrel: grade 2 is gain 3; "-1" grades are gain 0 (judged, not relevant).
        assertEquals(3, cranfield.qrels().gains("1").get("184"));
        assertTrue(cranfield.qrels().gains().values().stream().flatMap(m -> m.values().stream()).allMatch(g -> g >= 0 && g <= 4));
    }
}
