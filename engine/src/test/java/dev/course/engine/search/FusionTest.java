package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FusionTest {

    static Hit hit(int doc, float score) {
        return new Hit(Chunk.whole(Document.of("d" + doc, "text " + doc)), score, doc);
    }

    static SearchResults list(String method, int... docs) {
        var hits = new java.util.ArrayList<Hit>();
        for (int i = 0; i < docs.length; i++) {
            hits.add(hit(docs[i], docs.length - i));
        }
        return new SearchResults("q", method, hits);
    }

    static TopDocs topDocs(SearchResults results) {
        ScoreDoc[] docs = results.hits().stream().map(h -> new ScoreDoc(h.luceneDoc(), h.score())).toArray(ScoreDoc[]::new);
        return new TopDocs(new TotalHits(docs.length, TotalHits.Relation.EQUAL_TO), docs);
    }

    @Test
    void reciprocalRankFusionComputesWhatLuceneComputes() {
        SearchResults a = list("a", 1, 2, 3, 4, 5);
        SearchResults b = list("b", 5, 3, 6, 1);
        SearchResults ours = Fusion.reciprocalRank(List.of(a, b), 6);
        TopDocs lucene = TopDocs.rrf(6, 60, new TopDocs[] {topDocs(a), topDocs(b)});
        assertEquals(Arrays.stream(lucene.scoreDocs).map(sd -> "d" + sd.doc).toList(), ours.chunkIds());
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(lucene.scoreDocs[i].score, ours.get(i).score(), 1e-6f);
        }
        // By hand: d1 is 1st in a and 4th in b.
        assertEquals(1.0 / 61 + 1.0 / 64, ours.hits().stream().filter(h -> h.chunk().id().equals("d1")).findFirst()
                .orElseThrow().score(), 1e-6);
    }

    @Test
    void weightedFusionNormalisesEachListToZeroOne() {
        var bm25 = new SearchResults("q", "bm25", List.of(hit(1, 12f), hit(2, 8f), hit(3, 2f)));
        var dense = new SearchResults("q", "dense", List.of(hit(3, 0.9f), hit(1, 0.5f), hit(4, 0.4f)));
        SearchResults fused = Fusion.weighted(List.of(bm25, dense), List.of(0.5, 0.5), 4);
        // d1: 0.5 * 1 + 0.5 * (0.1 / 0.5) = 0.6; d3: 0.5 * 0 + 0.5 * 1 = 0.5; d2: 0.5 * 0.6 = 0.3; d4: 0.
        assertEquals(List.of("d1", "d3", "d2", "d4"), fused.chunkIds());
        assertEquals(0.6f, fused.get(0).score(), 1e-6f);
        assertEquals(0.5f, fused.get(1).score(), 1e-6f);
        assertEquals(0.3f, fused.get(2).score(), 1e-6f);
        assertEquals(0.0f, fused.get(3).score(), 1e-6f);
    }

    @Test
    void zScoreFusionMeasuresEachHitInDeviationsFromItsListsMean() {
        // bm25: 9, 6, 3 -> mean 6, deviation sqrt(6) -> z = 1.2247, 0, -1.2247.
        // dense: 0.8, 0.6 -> mean 0.7, deviation 0.1 -> z = 1, -1; d2 is missing, so it counts as -1.
        var bm25 = new SearchResults("q", "bm25", List.of(hit(1, 9f), hit(2, 6f), hit(3, 3f)));
        var dense = new SearchResults("q", "dense", List.of(hit(3, 0.8f), hit(1, 0.6f)));
        SearchResults fused = Fusion.weighted(List.of(bm25, dense), List.of(0.5, 0.5), Fusion.Normalisation.Z_SCORE, 3);
        double z = 3 / Math.sqrt(6);
        // d1: 0.5 z - 0.5 = 0.1124; d3: -0.5 z + 0.5 = -0.1124; d2: 0 - 0.5 = -0.5.
        assertEquals(List.of("d1", "d3", "d2"), fused.chunkIds());
        assertEquals(0.5 * z - 0.5, fused.get(0).score(), 1e-5);
        assertEquals(-0.5 * z + 0.5, fused.get(1).score(), 1e-5);
        assertEquals(-0.5, fused.get(2).score(), 1e-5);
        assertEquals("weighted-zscore[0.5, 0.5](bm25, dense)", fused.method());
    }

    @Test
    void minMaxFusionScoresAChunkMissingFromAListAsThatListsLowestHit() {
        var a = new SearchResults("q", "a", List.of(hit(1, 3f), hit(2, 1f)));
        var b = new SearchResults("q", "b", List.of(hit(3, 5f), hit(2, 4f), hit(4, 2f)));
        SearchResults fused = Fusion.weighted(List.of(a, b), List.of(0.8, 0.2), Fusion.Normalisation.MIN_MAX, 4);
        // d1: 0.8; d2: 0 + 0.2 * 2/3; d3: 0.8 * 0 (missing from a: a's lowest, 0) + 0.2; d4: 0.
        assertEquals(List.of("d1", "d3", "d2", "d4"), fused.chunkIds());
        assertEquals(0.2 * 2 / 3.0, fused.get(2).score(), 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> Fusion.weighted(List.of(a, b), List.of(1.0), Fusion.Normalisation.MIN_MAX, 4));
    }
}
