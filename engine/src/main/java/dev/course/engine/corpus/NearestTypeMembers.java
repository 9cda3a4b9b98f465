package dev.course.engine.corpus;

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
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Another retriever's candidates, and after them the members of the one type whose own document is
 * nearest to the query: what a learner does who knows that {@code CountDownLatch} is the class for
 * "wait until several threads have finished" and then reads its methods. A member's own line
 * ("Causes the current thread to wait until the latch has counted down to zero") may be too far from
 * the question for keyword or nearest-neighbour search to bring it in; its type's documentation is
 * not. The added members (the {@code members} nearest to the query, and the type itself) come
 * without a score of their own (0): the lists that rescore candidates ({@link JdkSearch}'s dense,
 * usage and type) decide where they go.
 *
 * <p>Types are the index's documents whose id has no {@code #} ({@link ApiMember#typeId}); finding
 * the nearest compares the query with their stored vectors, a few thousand dot products.
 */
public final class NearestTypeMembers implements Retriever {

    private final Retriever candidates;
    private final ChunkIndex index;
    private final EmbeddingModel model;
    private final int members;
    private volatile TreeMap<String, Integer> documents;
    private volatile int[] types;

    /** {@code candidates}, then up to {@code members} members of the type nearest to the query. */
    public NearestTypeMembers(Retriever candidates, ChunkIndex index, EmbeddingModel model, int members) {
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.index = Objects.requireNonNull(index, "index");
        this.model = Objects.requireNonNull(model, "model");
        if (members < 1) {
            throw new IllegalArgumentException("members must be >= 1, got " + members);
        }
        this.members = members;
    }

    @Override
    public String name() {
        return candidates.name() + "+type-members(" + members + ")";
    }

    @Override
    public SearchResults search(String query, int k) {
        SearchResults found = candidates.search(query, Math.max(k, HybridRetriever.DEFAULT_DEPTH));
        loadTypes();
        float[] queryVector = model.embedQuery(query);
        float[][] vectors = index.vectors();
        int nearest = -1;
        float best = Float.NEGATIVE_INFINITY;
        for (int doc : types) {
            float score = VectorUtil.dotProduct(queryVector, vectors[doc]);
            if (score > best) {
                best = score;
                nearest = doc;
            }
        }
        var hits = new ArrayList<>(found.hits());
        if (nearest < 0) {
            return found;
        }
        var seen = new HashSet<Integer>();
        hits.forEach(hit -> seen.add(hit.luceneDoc()));
        String type = index.chunk(nearest).documentId();
        var added = new ArrayList<Integer>(documents.subMap(type + "#", type + "#\uffff").values());
        added.sort(Comparator.comparingDouble((Integer doc) -> vectors[doc] == null ? -1
                : VectorUtil.dotProduct(queryVector, vectors[doc])).reversed());
        added = new ArrayList<>(added.subList(0, Math.min(members, added.size())));
        added.add(nearest);
        for (int doc : added) {
            if (seen.add(doc)) {
                hits.add(new Hit(index.chunk(doc), 0, doc));
            }
        }
        return new SearchResults(query, name(), List.copyOf(hits));
    }

    /** The index's document ids and which of them are types, read once. */
    private void loadTypes() {
        if (types == null) {
            synchronized (this) {
                if (types == null) {
                    TreeMap<String, Integer> all = index.firstChunkByDocumentId();
                    float[][] vectors = index.vectors();
                    documents = all;
                    types = all.entrySet().stream().filter(e -> e.getKey().indexOf('#') < 0 && vectors[e.getValue()] != null)
                            .mapToInt(Map.Entry::getValue).toArray();
                }
            }
        }
    }
}
