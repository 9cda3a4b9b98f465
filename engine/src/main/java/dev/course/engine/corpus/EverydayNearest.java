package dev.course.engine.corpus;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Hit;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.SearchResults;
import org.apache.lucene.util.VectorUtil;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.ToDoubleFunction;

/**
 * Another retriever's candidates, and after them the documents nearest to the query among the
 * everyday API only: those whose prior (how much the JDK's own code uses their type, {@link TypeUsage})
 * is at least a threshold. The nearest-neighbour search over all 54,000 documents fills its hundred
 * places with rare members that share the question's words ("throw an error if an argument is null"
 * finds {@code Error}'s constructors and accessibility methods); the same search over the few thousand
 * documents of the most used types reaches {@code Objects#requireNonNull}. The added documents come
 * without a score of their own (0): the lists that rescore candidates ({@link JdkSearch}'s dense,
 * usage and type) decide where they go, as for {@link NearestTypeMembers}.
 *
 * <p>The everyday documents are chosen once, on the first query, by comparing every document's prior
 * with the threshold; a query then costs one dot product per everyday document.
 */
public final class EverydayNearest implements Retriever {

    private final Retriever candidates;
    private final ChunkIndex index;
    private final EmbeddingModel model;
    private final ToDoubleFunction<Chunk> prior;
    private final double threshold;
    private final int count;
    private volatile int[] everyday;

    /** An everyday document and its cosine with the query. */
    private record Scored(int doc, float score) {
    }

    /**
     * {@code candidates}, then the {@code count} documents nearest to the query among those whose
     * {@code prior} is at least {@code threshold}.
     */
    public EverydayNearest(Retriever candidates, ChunkIndex index, EmbeddingModel model, ToDoubleFunction<Chunk> prior,
                           double threshold, int count) {
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.index = Objects.requireNonNull(index, "index");
        this.model = Objects.requireNonNull(model, "model");
        this.prior = Objects.requireNonNull(prior, "prior");
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        this.threshold = threshold;
        this.count = count;
    }

    @Override
    public String name() {
        return candidates.name() + "+everyday(" + threshold + ", " + count + ")";
    }

    @Override
    public SearchResults search(String query, int k) {
        SearchResults found = candidates.search(query, Math.max(k, HybridRetriever.DEFAULT_DEPTH));
        float[] queryVector = model.embedQuery(query);
        float[][] vectors = index.vectors();
        // The count best so far, the worst of them on top.
        var best = new PriorityQueue<Scored>(Comparator.comparingDouble(Scored::score));
        for (int doc : everyday()) {
            best.add(new Scored(doc, VectorUtil.dotProduct(queryVector, vectors[doc])));
            if (best.size() > count) {
                best.poll();
            }
        }
        var hits = new ArrayList<>(found.hits());
        var seen = new HashSet<Integer>();
        hits.forEach(hit -> seen.add(hit.luceneDoc()));
        var added = new ArrayList<>(best);
        added.sort(Comparator.comparingDouble(Scored::score).reversed());
        for (Scored scored : added) {
            if (seen.add(scored.doc())) {
                hits.add(new Hit(index.chunk(scored.doc()), 0, scored.doc()));
            }
        }
        return new SearchResults(query, name(), List.copyOf(hits));
    }

    /** The documents with a vector and a prior of at least the threshold, found once. */
    private int[] everyday() {
        if (everyday == null) {
            synchronized (this) {
                if (everyday == null) {
                    float[][] vectors = index.vectors();
                    var chosen = new ArrayList<Integer>();
                    for (int doc = 0; doc < index.size(); doc++) {
                        if (vectors[doc] != null && prior.applyAsDouble(index.chunk(doc)) >= threshold) {
                            chosen.add(doc);
                        }
                    }
                    everyday = chosen.stream().mapToInt(Integer::intValue).toArray();
                }
            }
        }
        return everyday;
    }
}
