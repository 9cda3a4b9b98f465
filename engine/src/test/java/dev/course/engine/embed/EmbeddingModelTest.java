package dev.course.engine.embed;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingModelTest {

    static final List<String> SENTENCES = List.of(
            "The cat sits on the mat.",
            "A feline is resting on a rug.",
            "Stock markets fell sharply on Monday.",
            "How do I reset my password?",
            "Café au lait, s'il vous plaît!",
            "Transformers use self-attention to relate every token to every other token.",
            "BM25 ranks documents by term frequency and inverse document frequency.",
            "Hybrid search fuses lexical and semantic rankings.",
            "The quick brown fox jumps over the lazy dog.",
            "Photosynthesis converts light energy into chemical energy.",
            "Rust and Java both have strong type systems.",
            "中文句子也可以嵌入。",
            "emoji 😀 are unknown tokens",
            "short",
            "A much longer sentence that goes on for a while, mentioning vectors, indexes, rerankers, "
                    + "evaluation metrics such as nDCG and recall, and the trade-offs between them.");

    @Test
    void miniLmAgreesWithLangchain4j() {
        var reference = new AllMiniLmL6V2EmbeddingModel();
        List<float[]> ours = EmbeddingModel.miniLm().embedAll(SENTENCES);
        for (int i = 0; i < SENTENCES.size(); i++) {
            float[] theirs = reference.embed(SENTENCES.get(i)).content().vector();
            float cosine = VectorMath.cosine(ours.get(i), theirs);
            assertTrue(cosine > 0.999f, "cosine " + cosine + " for: " + SENTENCES.get(i));
        }
    }

    @Test
    void bgeAgreesWithLangchain4j() {
        var reference = new BgeSmallEnV15QuantizedEmbeddingModel();
        List<float[]> ours = EmbeddingModel.bgeSmall().embedAll(SENTENCES);
        for (int i = 0; i < SENTENCES.size(); i++) {
            float[] theirs = reference.embed(SENTENCES.get(i)).content().vector();
            float cosine = VectorMath.cosine(ours.get(i), theirs);
            assertTrue(cosine > 0.999f, "cosine " + cosine + " for: " + SENTENCES.get(i));
        }
    }

    @Test
    void theLastQueryIsKeptButEveryCallerGetsItsOwnCopy() {
        EmbeddingModel model = EmbeddingModel.bgeSmall();
        float[] first = model.embedQuery("remove whitespace at both ends of a string");
        float[] expected = first.clone();
        java.util.Arrays.fill(first, 0f);
        float[] again = model.embedQuery("remove whitespace at both ends of a string");
        assertTrue(java.util.Arrays.equals(expected, again), "a caller's change leaked into the kept vector");
        float[] other = model.embedQuery("wait until several threads have finished");
        assertFalse(java.util.Arrays.equals(expected, other), "another query got the kept vector");
        assertEquals(1.0f, VectorMath.cosine(model.embed(model.spec().queryPrefix() + "wait until several threads have finished"), other), 1e-5f);
    }

    @Test
    void vectorsHaveUnitLengthAndTheRightSize() {
        for (EmbeddingModel model : List.of(EmbeddingModel.miniLm(), EmbeddingModel.bgeSmall())) {
            float[] v = model.embed("unit length please");
            assertEquals(384, v.length);
            assertEquals(1.0f, VectorMath.dot(v, v), 1e-4f);
        }
    }

    @Test
    void batchingSortedByLengthGivesTheSameVectorsAsOneAtATime() {
        EmbeddingModel model = EmbeddingModel.miniLm();
        List<float[]> batched = model.embedAll(SENTENCES);
        for (int i = 0; i < SENTENCES.size(); i++) {
            float cosine = VectorMath.cosine(batched.get(i), model.embed(SENTENCES.get(i)));
            assertTrue(cosine > 0.9999f, "batched vs alone: " + cosine);
        }
    }

    @Test
    void similarMeaningScoresHigherThanUnrelated() {
        for (EmbeddingModel model : List.of(EmbeddingModel.miniLm(), EmbeddingModel.bgeSmall())) {
            float[] cat = model.embed(SENTENCES.get(0));
            float similar = VectorMath.dot(cat, model.embed(SENTENCES.get(1)));
            float unrelated = VectorMath.dot(cat, model.embed(SENTENCES.get(2)));
            assertTrue(similar > unrelated + 0.2f, model.name() + ": " + similar + " vs " + unrelated);
        }
    }

    @Test
    void bgeQueriesGetTheInstructionPrefix() {
        EmbeddingModel bge = EmbeddingModel.bgeSmall();
        String query = "how does hybrid search work";
        float[] asQuery = bge.embedQuery(query);
        float[] withPrefix = bge.embed(ModelSpec.BGE_SMALL_EN_V15_Q.queryPrefix() + query);
        assertEquals(1.0f, VectorMath.dot(asQuery, withPrefix), 1e-5f);
        assertTrue(VectorMath.dot(asQuery, bge.embed(query)) < 0.99f, "the prefix changes the vector");
        float[] miniQuery = EmbeddingModel.miniLm().embedQuery(query);
        assertEquals(1.0f, VectorMath.dot(miniQuery, EmbeddingModel.miniLm().embed(query)), 1e-5f,
                "MiniLM is symmetric: no prefix");
    }

    @Test
    void longTextsAreAveragedOverWindowsOrTruncatedWithAFlag() {
        String longText = "Vectors capture meaning. ".repeat(150) + "Lexical search counts words. ".repeat(150);
        Embedding averaged = EmbeddingModel.miniLm().embedAllDetailed(List.of(longText)).getFirst();
        assertTrue(averaged.tokens() > 510);
        assertEquals((averaged.tokens() + 509) / 510, averaged.windows());
        assertFalse(averaged.truncated());

        try (var truncating = EmbeddingModel.load(ModelSpec.ALL_MINILM_L6_V2, 1, LongTextPolicy.TRUNCATE)) {
            Embedding cut = truncating.embedAllDetailed(List.of(longText)).getFirst();
            assertTrue(cut.truncated());
            assertEquals(1, cut.windows());
            float[] firstHalfOnly = truncating.embed("Vectors capture meaning. ".repeat(150));
            assertTrue(VectorMath.dot(cut.vector(), firstHalfOnly) > VectorMath.dot(averaged.vector(), firstHalfOnly),
                    "the truncated vector only saw the first topic");
        }
    }

    @Test
    void tokenVectorsAreOnePerContentTokenAndUnitLength() {
        TokenVectors tv = EmbeddingModel.miniLm().tokenVectors("Late interaction keeps every token.");
        assertEquals(EmbeddingModel.miniLm().tokenizer().tokenize("Late interaction keeps every token.").size(), tv.size());
        for (float[] v : tv.vectors()) {
            assertEquals(1.0f, VectorMath.dot(v, v), 1e-4f);
        }
    }
}
