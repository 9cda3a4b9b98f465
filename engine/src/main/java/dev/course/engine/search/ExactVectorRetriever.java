package dev.course.engine.search;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import org.apache.lucene.util.VectorUtil;

import java.util.ArrayList;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Dense search the slow, sure way: the dot product of the query with every indexed vector, keeping
 * the best {@code k}. This is the ground truth that HNSW approximates; its cost grows with the
 * number of chunks, which is the whole reason graphs exist. The vectors are read back from the
 * index (never re-embedded) and compared with Lucene's SIMD {@link VectorUtil#dotProduct}.
 */
public final class ExactVectorRetriever implements Retriever {

    private final ChunkIndex index;
    private final EmbeddingModel model;

    public ExactVectorRetriever(ChunkIndex index, EmbeddingModel model) {
        this.index = Objects.requireNonNull(index, "index");
        this.model = model;
        if (model != null) {
            index.requireVectorsFrom(model);
        }
    }

    @Override
    public String name() {
        return "dense-exact(" + (model == null ? index.embeddingModel().orElse("?") : model.name()) + ")";
    }

    @Override
    public SearchResults search(String query, int k) {
        if (model == null) {
            throw new IllegalStateException("no model to embed the query with; use search(label, float[], k)");
        }
        return search(query, model.embedQuery(query), k);
    }

    public SearchResults search(String label, float[] queryVector, int k) {
        int[] docs = nearestDocs(queryVector, k);
        float[][] vectors = index.vectors();
        var hits = new ArrayList<Hit>(docs.length);
        for (int doc : docs) {
            hits.add(new Hit(index.chunk(doc), VectorUtil.dotProduct(queryVector, vectors[doc]), doc));
        }
        return new SearchResults(label, name(), hits);
    }

    /** The Lucene document numbers of the {@code k} nearest vectors, best first. */
    public int[] nearestDocs(float[] queryVector, int k) {
        return nearest(index.vectors(), queryVector, k);
    }

    /** The indexes of the {@code k} rows of {@code vectors} with the largest dot product with {@code query}. */
    public static int[] nearest(float[][] vectors, float[] query, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        // A min-heap of the best k so far: its head is the one to beat.
        var best = new PriorityQueue<ScoredDoc>(k + 1, (a, b) -> Float.compare(a.score, b.score));
        for (int doc = 0; doc < vectors.length; doc++) {
            if (vectors[doc] == null) {
                continue;
            }
            float score = VectorUtil.dotProduct(query, vectors[doc]);
            if (best.size() < k) {
                best.add(new ScoredDoc(doc, score));
            } else if (score > best.peek().score) {
                best.poll();
                best.add(new ScoredDoc(doc, score));
            }
        }
        int[] out = new int[best.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = best.poll().doc;
        }
        return out;
    }

    private record ScoredDoc(int doc, float score) {
    }
}
