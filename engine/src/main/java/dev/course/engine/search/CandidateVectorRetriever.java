package dev.course.engine.search;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import org.apache.lucene.util.VectorUtil;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Another retriever's candidates, each scored by the cosine between the query and one stored vector
 * chosen for it. Two choices make two lists for a weighted fusion ({@link HybridRetriever#weighted}):
 *
 * <ul>
 *   <li>{@link #own}: the hit's own vector. A nearest-neighbour search scores only the hits it
 *       found; a candidate that keyword search brought in would get no dense score at all, and 0
 *       after min-max normalisation, however close its meaning. Here every candidate gets one.</li>
 *   <li>{@link #of} with another document's vector, such as the type a member belongs to: "wait
 *       until several threads have finished" is close to what {@code CountDownLatch}'s own
 *       documentation says, less to its {@code await()}'s one line, so the type's match lifts its
 *       members.</li>
 * </ul>
 *
 * The vectors are the index's own ({@link ChunkIndex#vectors()}, read once), so nothing is embedded
 * but the query.
 */
public final class CandidateVectorRetriever implements Retriever {

    private final Retriever candidates;
    private final ChunkIndex index;
    private final EmbeddingModel model;
    private final ToIntFunction<Hit> vectorOf;
    private final String name;

    private CandidateVectorRetriever(Retriever candidates, ChunkIndex index, EmbeddingModel model,
                                     ToIntFunction<Hit> vectorOf, String name) {
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.index = Objects.requireNonNull(index, "index");
        this.model = Objects.requireNonNull(model, "model");
        this.vectorOf = Objects.requireNonNull(vectorOf, "vectorOf");
        this.name = Objects.requireNonNull(name, "name");
        index.requireVectorsFrom(model);
    }

    /** {@code candidates}' hits scored by their own vectors. */
    public static CandidateVectorRetriever own(Retriever candidates, ChunkIndex index, EmbeddingModel model) {
        return new CandidateVectorRetriever(candidates, index, model, Hit::luceneDoc, "dense-of");
    }

    /**
     * {@code candidates}' hits scored by the vector of the Lucene document {@code vectorOf} gives
     * for each (a hit whose function gives -1 is scored by its own); {@code label} names the choice.
     */
    public static CandidateVectorRetriever of(Retriever candidates, ChunkIndex index, EmbeddingModel model,
                                              ToIntFunction<Hit> vectorOf, String label) {
        return new CandidateVectorRetriever(candidates, index, model, vectorOf, label);
    }

    @Override
    public String name() {
        return name + "(" + candidates.name() + ")";
    }

    @Override
    public SearchResults search(String query, int k) {
        float[] queryVector = model.embedQuery(query);
        float[][] vectors = index.vectors();
        SearchResults found = candidates.search(query, Math.max(k, HybridRetriever.DEFAULT_DEPTH));
        var rescored = new ArrayList<Hit>(found.size());
        for (Hit hit : found.hits()) {
            int chosen = vectorOf.applyAsInt(hit);
            int doc = chosen >= 0 ? chosen : hit.luceneDoc();
            float[] vector = doc >= 0 ? vectors[doc] : null;
            rescored.add(hit.withScore(vector == null ? -1 : VectorUtil.dotProduct(queryVector, vector)));
        }
        rescored.sort(Comparator.comparingDouble(Hit::score).reversed()); // stable: ties keep the candidates' order
        return new SearchResults(query, name(), List.copyOf(rescored.subList(0, Math.min(k, rescored.size()))));
    }
}
