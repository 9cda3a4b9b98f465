package dev.course.engine.rag;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Kept vectors are the model's, a kept text is not embedded again, and the oldest go first. */
class RememberedVectorsTest {

    @Test
    void keptVectorsAreTheModelsAndAreHandedOutAgain() {
        var remembered = new RememberedVectors(Fixtures.model(), 10);
        List<String> texts = List.of("BM25 saturates term frequency.", "Cosine ignores length.", "BM25 saturates term frequency.");
        List<float[]> first = remembered.embedAll(texts);
        assertEquals(2, remembered.size(), "a text twice in one call is embedded once");
        List<float[]> direct = Fixtures.model().embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(direct.get(i), first.get(i), 1e-5f, texts.get(i));
        }
        List<float[]> again = remembered.embedAll(List.of("Cosine ignores length.", "A new sentence about HNSW graphs."));
        assertSame(first.get(1), again.getFirst(), "the kept vector, not a new embedding");
        assertEquals(3, remembered.size());
    }

    @Test
    void theLeastRecentlyUsedGoFirst() {
        var remembered = new RememberedVectors(Fixtures.model(), 2);
        float[] a = remembered.embedAll(List.of("alpha")).getFirst();
        remembered.embedAll(List.of("beta"));
        remembered.embedAll(List.of("alpha"));
        remembered.embedAll(List.of("gamma"));
        assertEquals(2, remembered.size());
        assertSame(a, remembered.embedAll(List.of("alpha")).getFirst(), "alpha was used last but one: kept");
        assertThrows(IllegalArgumentException.class, () -> new RememberedVectors(Fixtures.model(), 0));
    }

    @Test
    void aRememberingAnswererAnswersAsThePlainOne() {
        var passages = List.of(
                new Passage(1, "search/bm25#saturation", "Keyword search › Saturation", "BM25 stops rewarding a term that appears many times, "
                        + "because each further occurrence adds less than the one before. Its k1 sets how fast.", "lessons"),
                new Passage(2, "foundations/vectors#cosine", "Vectors › Cosine", "Cosine similarity ignores length because it divides by both norms.", "lessons"));
        var plain = new ExtractiveAnswerer(Fixtures.model());
        var remembering = plain.remembering();
        for (String question : List.of("Why does BM25 stop rewarding a term?", "Why does cosine similarity ignore length?",
                "Why does BM25 stop rewarding a term?")) {
            assertEquals(plain.answer(question, passages), remembering.answer(question, passages), question);
        }
    }
}
