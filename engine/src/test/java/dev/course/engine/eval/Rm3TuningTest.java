package dev.course.engine.eval;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Rm3Retriever;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Rm3TuningTest {

    static final List<Document> DOCUMENTS = List.of(
            Document.of("d1", "wing flutter flutter aeroelastic"),
            Document.of("d2", "wing lift aeroelastic divergence"),
            Document.of("d3", "aeroelastic divergence panel"),
            Document.of("d4", "boundary layer transition"),
            Document.of("d5", "boundary layer suction panel"),
            Document.of("d6", "nozzle flow choking"));

    static ChunkIndex index;

    @BeforeAll
    static void build() {
        index = ChunkIndex.inMemory(DOCUMENTS.stream().map(Chunk::whole).toList());
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    static Dataset dev() {
        return new Dataset("tiny", DOCUMENTS,
                List.of(new EvalQuery("1", "flutter"), new EvalQuery("2", "transition")),
                new Qrels(Map.of("1", Map.of("d1", 2, "d2", 1, "d3", 1), "2", Map.of("d4", 2, "d5", 1))));
    }

    @Test
    void theChoiceIsTheGridsBestOnTheDevelopmentQueries() {
        Dataset dev = dev();
        Rm3Tuning.Choice choice = Rm3Tuning.choose(dev, index);
        Rm3Retriever chosen = choice.retriever(index);
        assertEquals(PipelineEvaluation.evaluate(dev, chosen).ndcg10(), choice.devNdcg10(), 1e-12,
                "the score reported is the chosen setting's");
        for (int fbDocs : Rm3Tuning.FB_DOCS) {
            for (int fbTerms : Rm3Tuning.FB_TERMS) {
                for (double weight : Rm3Tuning.ORIGINAL_QUERY_WEIGHTS) {
                    double ndcg = PipelineEvaluation.evaluate(dev, new Rm3Retriever(index, fbDocs, fbTerms, weight)).ndcg10();
                    assertTrue(ndcg <= choice.devNdcg10() + 1e-12, fbDocs + "/" + fbTerms + "/" + weight + " beats the choice");
                }
            }
        }
        assertTrue(Rm3Tuning.FB_DOCS.contains(choice.fbDocs()) && Rm3Tuning.FB_TERMS.contains(choice.fbTerms())
                && Rm3Tuning.ORIGINAL_QUERY_WEIGHTS.contains(choice.originalQueryWeight()));
        assertTrue(choice.devNdcg10() > PipelineEvaluation.evaluate(dev, new dev.course.engine.search.Bm25Retriever(index)).ndcg10(),
                "feedback finds the relevant documents that do not say 'flutter' or 'transition'");
    }

    @Test
    void noDevelopmentQueriesIsAMistake() {
        var empty = new Dataset("empty", DOCUMENTS, List.of(), new Qrels(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Rm3Tuning.choose(empty, index));
    }
}
