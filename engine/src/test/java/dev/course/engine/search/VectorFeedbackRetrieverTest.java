package dev.course.engine.search;

import dev.course.engine.TestCorpus;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorFeedbackRetrieverTest {

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
