package dev.course.engine.search;

import dev.course.engine.TestCorpus;
import dev.course.engine.display.MimeBundle;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchTest {

    static ChunkIndex index;
    static EmbeddingModel model;

    @BeforeAll
    static void build() {
        model = EmbeddingModel.bgeSmall();
        index = ChunkIndex.inMemory(TestCorpus.chunks(), model);
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    @Test
    void bm25FindsTheExactTermsAndExplainsItsScoreByTerm() {
        var bm25 = new Bm25Retriever(index);
        assertEquals(List.of("grandmast", "queen"), bm25.terms("the grandmasters and their queens"));
        SearchResults results = bm25.search("inverse document frequency", 3);
        assertTrue(List.of("bm25", "tfidf").contains(results.get(0).chunk().id()));
        assertTrue(results.get(1).score() > 0);

        ScoreExplanation why = bm25.explain("inverse document frequency", results.get(0));
        assertEquals(results.get(0).score(), why.score(), 1e-4f);
        float sum = (float) why.terms().stream().mapToDouble(ScoreExplanation.TermScore::score).sum();
        assertEquals(why.score(), sum, 1e-4f, "term contributions add up to the score");
        var terms = why.terms().stream().map(ScoreExplanation.TermScore::term).toList();
        assertTrue(terms.containsAll(List.of("invers", "document", "frequenc")), terms.toString());
        for (var t : why.terms()) {
            assertEquals(t.score(), t.idf() * t.tf(), 1e-3f, "score = idf * tf for " + t.term());
            assertTrue(t.freq() >= 1 && t.docFreq() >= 1 && t.docCount() == TestCorpus.DOCUMENTS.size());
        }
    }

    @Test
    void denseSearchFindsParaphrasesWithNoSharedWords() {
        var dense = new VectorRetriever(index, model);
        assertEquals("kitten", dense.search("baby cats napping", 1).get(0).chunk().id());
        assertEquals("moon", dense.search("lunar landing astronauts", 1).get(0).chunk().id());
        assertEquals(0, new Bm25Retriever(index).search("baby napping", 5).size(), "no lexical match at all");
    }

    @Test
    void hnswAgreesWithExactSearchOnASmallCorpus() {
        var hnsw = new VectorRetriever(index, model);
        var exact = new ExactVectorRetriever(index, model);
        for (String q : List.of("weather forecast", "music practice", "nearest neighbour search", "French landmarks")) {
            SearchResults a = hnsw.search(q, 5);
            SearchResults b = exact.search(q, 5);
            assertEquals(b.chunkIds(), a.chunkIds(), q);
            for (int i = 0; i < 5; i++) {
                assertEquals(b.get(i).score(), a.get(i).score(), 1e-4f, "HNSW scores are cosines too");
            }
        }
    }

    @Test
    void hybridSearchKeepsTheBestOfBoth() {
        var hybrid = HybridRetriever.rrf(new Bm25Retriever(index), new VectorRetriever(index, model));
        // "Apollo 11" is an exact lexical match; "feline" a semantic one.
        assertEquals("moon", hybrid.search("Apollo 11", 1).get(0).chunk().id());
        assertEquals("kitten", hybrid.search("sleepy young feline", 1).get(0).chunk().id());
        assertTrue(hybrid.name().startsWith("rrf(bm25, dense-hnsw"));
    }

    @Test
    void resultsRenderAsAnHtmlTableWithATextFallback() {
        SearchResults results = new Bm25Retriever(index).search("capital <city>", 3);
        MimeBundle bundle = results.render();
        String html = bundle.data().get(MimeBundle.HTML);
        assertTrue(html.startsWith("<table") && html.contains("capital &lt;city&gt;"), html);
        assertTrue(bundle.data().get(MimeBundle.TEXT).contains("rank"));
        assertEquals(3, results.size());
        assertEquals(results.documentIds(), results.chunkIds());
    }
}
