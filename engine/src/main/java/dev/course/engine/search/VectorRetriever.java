package dev.course.engine.search;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Objects;

/**
 * Dense (semantic) search through the index's HNSW graph: embed the query, then walk the graph to
 * the nearest chunk vectors.
 *
 * <p>HNSW is approximate: it may miss a true neighbour. Lucene's {@link KnnFloatVectorQuery} uses
 * its {@code k} also as the size of the search beam, so asking for exactly the 10 you want explores
 * little and misses more. This retriever therefore asks the graph for {@link #candidates()} hits
 * (100 by default) and keeps the best {@code k}: a wider beam, better recall, some more time.
 *
 * <p>Scores are cosine similarities (Lucene reports {@code (1 + dot) / 2} for DOT_PRODUCT; it is
 * converted back so that exact and approximate search print the same numbers).
 */
public final class VectorRetriever implements Retriever {

    /** How many candidates the graph search collects by default before the top k are kept. */
    public static final int DEFAULT_CANDIDATES = 100;

    private final ChunkIndex index;
    private final EmbeddingModel model;
    private final int candidates;

    public VectorRetriever(ChunkIndex index, EmbeddingModel model) {
        this(index, model, DEFAULT_CANDIDATES);
    }

    public VectorRetriever(ChunkIndex index, EmbeddingModel model, int candidates) {
        this.index = Objects.requireNonNull(index, "index");
        this.model = model;
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
        }
        this.candidates = candidates;
        if (model != null) {
            index.requireVectorsFrom(model);
        }
    }

    /** The same search with another beam. */
    public VectorRetriever withCandidates(int newCandidates) {
        return new VectorRetriever(index, model, newCandidates);
    }

    public int candidates() {
        return candidates;
    }

    @Override
    public String name() {
        return "dense-hnsw(" + (model == null ? index.embeddingModel().orElse("?") : model.name()) + ")";
    }

    @Override
    public SearchResults search(String query, int k) {
        if (model == null) {
            throw new IllegalStateException("no model to embed the query with; use search(float[], k)");
        }
        return search(query, model.embedQuery(query), k);
    }

    /** The {@code k} chunks nearest to {@code queryVector} (a unit vector of the index's model). */
    public SearchResults search(String label, float[] queryVector, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        try {
            TopDocs top = index.searcher().search(
                    new KnnFloatVectorQuery(ChunkIndex.VECTOR, queryVector, Math.max(k, candidates)), k);
            var hits = new ArrayList<Hit>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                hits.add(new Hit(index.chunk(sd.doc), 2 * sd.score - 1, sd.doc));
            }
            return new SearchResults(label, name(), hits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Just the Lucene document numbers, best first, without loading chunks: for benchmarks. */
    public int[] nearestDocs(float[] queryVector, int k) {
        try {
            TopDocs top = index.searcher().search(
                    new KnnFloatVectorQuery(ChunkIndex.VECTOR, queryVector, Math.max(k, candidates)), k);
            int[] docs = new int[top.scoreDocs.length];
            for (int i = 0; i < docs.length; i++) {
                docs[i] = top.scoreDocs[i].doc;
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
