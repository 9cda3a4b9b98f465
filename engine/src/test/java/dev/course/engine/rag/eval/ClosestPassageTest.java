package dev.course.engine.rag.eval;

import dev.course.engine.chunk.Document;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.embed.VectorMath;
import dev.course.engine.rag.KnowledgeSource;
import dev.course.engine.rag.Sources;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosestPassageTest {

    @Test
    void aQuestionTheSourcesAnswerComesCloserThanOneTheyCannot() {
        EmbeddingModel model = EmbeddingModel.miniLm();
        KnowledgeSource source = Sources.of("notes", "notes", List.of(
                Document.of("kv", "The KV cache keeps the keys and values of every past token, layer by layer."),
                Document.of("rope", "Rotary position embeddings rotate queries and keys by an angle that grows with the position."),
                Document.of("bm25", "BM25 scores a document by the rare query words it contains, with saturation.")), model);
        RagQuestion answerable = new RagQuestion("a", "What does the KV cache keep?", List.of("keys and values"), "kv", true);
        RagQuestion unanswerable = new RagQuestion("n", "How long should bread dough rise?", List.of(), "", false);

        List<ClosestPassage.Scored> scored = ClosestPassage.score(model, source, List.of(answerable, unanswerable), 2);

        assertEquals(2, scored.size());
        assertTrue(scored.get(0).score() > scored.get(1).score() + 0.2, "scores: " + scored);
        float[] q = model.embedQuery(answerable.question());
        float[] kv = model.embed("The KV cache keeps the keys and values of every past token, layer by layer.");
        assertEquals(VectorMath.cosine(q, kv), scored.get(0).score(), 1e-5, "the closest passage is the KV one");
    }

    @Test
    void abstentionAccuracyAnswersAtOrAboveTheThreshold() {
        double[] scores = {0.7, 0.2, 0.5, 0.4};
        boolean[] answerable = {true, false, true, true};
        assertEquals(0.75, ClosestPassage.abstentionAccuracy(0.45, scores, answerable), 1e-9, "0.4 is abstained on but answerable");
        assertEquals(1.0, ClosestPassage.abstentionAccuracy(0.4, scores, answerable), 1e-9, "a score equal to the threshold is answered");
        assertEquals(0.25, ClosestPassage.abstentionAccuracy(Double.POSITIVE_INFINITY, scores, answerable), 1e-9, "abstaining always");
        assertThrows(IllegalArgumentException.class, () -> ClosestPassage.abstentionAccuracy(0.5, scores, new boolean[1]));
    }
}
