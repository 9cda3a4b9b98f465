package dev.course.engine.corpus;

import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Indexes cached on disk by an earlier version of the course. The fixture {@code index/lucene103}
 * is a three-chunk index (4-dimensional vectors, model "fixture-4d") that the engine wrote with
 * Lucene 10.3.2 and its codec Lucene103, before the move to Lucene 10.6.
 */
class OldIndexesTest {

    private static final List<String> FIXTURE_FILES = List.of("_0.cfe", "_0.cfs", "_0.si", "segments_1");

    @TempDir
    Path tmp;

    @Test
    void anIndexWrittenByLucene103OpensAndSearches() throws Exception {
        Path lucene = copyFixture(tmp.resolve("old"));
        try (ChunkIndex index = ChunkIndex.open(lucene)) {
            assertEquals(3, index.size());
            assertEquals(Optional.of("fixture-4d"), index.embeddingModel());
            assertEquals(List.of("b#0"), new Bm25Retriever(index).search("linked list pointer", 1).chunkIds());
            var nearest = index.searcher().search(new KnnFloatVectorQuery(ChunkIndex.VECTOR, new float[]{0, 0, 1, 0}, 1), 1);
            assertEquals("c#0", index.chunk(nearest.scoreDocs[0].doc).id(), "the old HNSW graph answers too");
        }
    }

    @Test
    void aCorpusIndexThatCannotBeReadSaysSoInOneLine() throws Exception {
        Path dir = tmp.resolve("corpus");
        Path lucene = copyFixture(dir.resolve(CorpusIndex.LUCENE_DIR));
        new CorpusIndex.Info("notes", "fixture-4d", 3, 3, 0.1, Instant.now()).write(dir.resolve(CorpusIndex.INFO_FILE));
        try (CorpusIndex readable = CorpusIndex.open(dir)) {
            assertEquals(3, readable.chunks().size());
        }
        // Damage the commit point: this is what a reader meets for a codec it has never heard of too.
        byte[] segments = Files.readAllBytes(lucene.resolve("segments_1"));
        segments[segments.length / 2] ^= 0x5a;
        Files.write(lucene.resolve("segments_1"), segments);

        var e = assertThrows(UnreadableIndexException.class, () -> CorpusIndex.open(dir));
        assertEquals(dir, e.directory());
        assertTrue(e.getMessage().startsWith("the index at " + dir + " cannot be read by this version ("), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /** Copies the three-chunk Lucene 10.3 index into {@code target} (also used by {@link JdkSearchTest}). */
    static Path copyFixture(Path target) throws IOException, URISyntaxException {
        Path fixture = Path.of(OldIndexesTest.class.getResource("/dev/course/engine/index/lucene103/segments_1").toURI()).getParent();
        Files.createDirectories(target);
        for (String file : FIXTURE_FILES) {
            Files.copy(fixture.resolve(file), target.resolve(file));
        }
        return target;
    }
}
