package dev.course.engine.search;

import dev.course.engine.TestCorpus;
import dev.course.engine.display.MimeBundle;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    // VectorFeedbackRetriever: Rocchio feedback on the dense vectors of the same index.

    @Test
    void keepingAllOfTheOriginalQueryIsPlainDenseSearch() {
        var plain = new VectorRetriever(index, model);
        var feedback = new VectorFeedbackRetriever(index, model, 3, 1.0);
        String query = "baby cats napping";
        assertArrayEquals(model.embedQuery(query), feedback.expand(query), 1e-6f);
        assertEquals(plain.search(query, 5).chunkIds(), feedback.search(query, 5).chunkIds());
    }

    @Test
    void withoutTheOriginalQueryTheNewQueryIsTheFeedbackDocumentsCentre() {
        String query = "lunar landing astronauts";
        var top = new VectorRetriever(index, model).search(query, 1).get(0);
        float[] moved = new VectorFeedbackRetriever(index, model, 1, 0.0).expand(query);
        assertArrayEquals(index.vectors()[top.luceneDoc()], moved, 1e-5f, "one feedback document, no original: its vector");
        var results = new VectorFeedbackRetriever(index, model, 1, 0.0).search(query, 1);
        assertEquals(top.chunk().id(), results.get(0).chunk().id());
        assertEquals(1.0, results.get(0).score(), 1e-3, "the query now is that document's vector");
    }

    @Test
    void theMovedQueryIsAUnitVectorBetweenTheQueryAndItsFeedback() {
        String query = "inverse document frequency";
        float[] original = model.embedQuery(query);
        float[] moved = new VectorFeedbackRetriever(index, model).expand(query);
        double norm = 0;
        for (float x : moved) {
            norm += x * x;
        }
        assertEquals(1.0, norm, 1e-4);
        assertNotEquals(original[0], moved[0], "the feedback moved it");
        double cosine = 0;
        for (int i = 0; i < moved.length; i++) {
            cosine += original[i] * moved[i];
        }
        assertTrue(cosine > 0.7 && cosine < 1, "still close to the question: " + cosine);
        assertTrue(new VectorFeedbackRetriever(index, model).name().endsWith("+prf(fbDocs=3, originalQueryWeight=0.5)"));
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VectorFeedbackRetriever(index, model, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new VectorFeedbackRetriever(index, model, 3, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new VectorFeedbackRetriever(index, model, 3, Double.NaN));
    }
}
