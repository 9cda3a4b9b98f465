package dev.course.engine.rag;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.corpus.LessonsCorpus;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.rag.eval.QuestionSet;
import dev.course.engine.rag.eval.RagQuestion;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.VectorRetriever;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where {@link Sources#BM25_WEIGHT} comes from: the lessons are chunked and embedded once, then the
 * question set is retrieved through the offline pipeline with reciprocal rank fusion and with each
 * BM25 weight of a grid (min-max normalised scores), and answered by the same extractive answerer.
 * The weight is the middle of the run of grid weights with the best coverage on the development part
 * ({@link RagEvaluationTest#heldOut}); the held-out part is printed beside it, not used.
 *
 * <p>Deterministic but slow (215 questions retrieved once per weight, about five minutes): tagged as a
 * benchmark, run it with
 * {@code ./mvnw -B -o -pl engine surefire:test -Dengine.excludedGroups= -Dgroups=benchmark -Dtest=FusionWeightFitTest}.
 */
@Tag("benchmark")
class FusionWeightFitTest {

    /** The BM25 weights tried; the vectors get one minus each. */
    private static final double[] GRID = {0.4, 0.45, 0.475, 0.5, 0.525, 0.55, 0.575, 0.6, 0.625, 0.65, 0.7};

    @Test
    void theBm25WeightSitsInTheMiddleOfTheDevelopmentPartsBestRun() {
        var model = Fixtures.model();
        List<Chunk> chunks = Sources.CHUNKER.chunkAll(LessonsCorpus.inFolder(Path.of("../lessons/content")).passages());
        ChunkIndex index = ChunkIndex.inMemory(chunks, model);
        Retriever bm25 = new Bm25Retriever(index);
        Retriever dense = new VectorRetriever(index, model);
        // one answerer keeps every sentence's vector, so that each weight costs only the retrieval
        ExtractiveAnswerer answerer = new ExtractiveAnswerer(model).remembering(100_000);
        Map<Double, PassageWeightsFitTest.Scores> development = new LinkedHashMap<>();
        System.out.println("fusion: development | held-out (citation precision, coverage, abstention accuracy)");
        PassageWeightsFitTest.Scores rrf = null;
        for (int i = -1; i < GRID.length; i++) {
            Retriever fused = i < 0 ? HybridRetriever.rrf(bm25, dense)
                    : HybridRetriever.weighted(List.of(bm25, dense), Sources.hybridWeights(GRID[i]));
            var source = new KnowledgeSource("lessons", Sources.LESSONS_DESCRIPTION, fused, chunks.size());
            RagPipeline offline = RagPipeline.offline(model, source);
            Map<RagQuestion, List<Passage>> retrieved = new LinkedHashMap<>();
            for (RagQuestion q : QuestionSet.course()) {
                retrieved.put(q, offline.retrieve(q.question()));
            }
            var dev = PassageWeightsFitTest.score(answerer, retrieved, false);
            System.out.println(fused.name() + ": " + dev + " | " + PassageWeightsFitTest.score(answerer, retrieved, true));
            if (i < 0) rrf = dev;
            else development.put(GRID[i], dev);
        }
        double best = development.values().stream().mapToDouble(PassageWeightsFitTest.Scores::coverage).max().orElseThrow();
        List<Double> run = development.entrySet().stream().filter(e -> e.getValue().coverage() == best).map(Map.Entry::getKey).toList();
        assertTrue(run.contains(Sources.BM25_WEIGHT), "the best development coverage " + best + " is at " + run);
        int at = run.indexOf(Sources.BM25_WEIGHT);
        assertEquals(run.size() / 2, at, "not the middle of the run " + run + " (of an even run, the upper of the two middle weights)");
        assertTrue(best > rrf.coverage() && development.get(Sources.BM25_WEIGHT).citationPrecision() >= rrf.citationPrecision(),
                "no better than reciprocal rank fusion on the development part: " + rrf + " vs " + development);
    }
}
