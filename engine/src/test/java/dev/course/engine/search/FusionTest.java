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
}
