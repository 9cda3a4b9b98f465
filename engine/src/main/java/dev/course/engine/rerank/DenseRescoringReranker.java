package dev.course.engine.rerank;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.embed.VectorMath;
import dev.course.engine.search.Hit;
import dev.course.engine.search.SearchResults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rescores candidates by the cosine between the query and each candidate under a bi-encoder
 * (for example BGE over BM25's top 100): dense quality on a lexical candidate set, without a
 * vector index. Candidate vectors are cached by chunk id, so a chunk is embedded once however many
 * queries retrieve it.
 */
public final class DenseRescoringReranker implements Reranker {

    private final EmbeddingModel model;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    public DenseRescoringReranker(EmbeddingModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public String name() {
        return "rescore(" + model.name() + ")";
    }

    @Override
    public SearchResults rerank(String query, SearchResults candidates) {
        float[] q = model.embedQuery(query);
        var missing = new ArrayList<Hit>();
        for (Hit h : candidates.hits()) {
            if (!cache.containsKey(h.chunk().id())) {
                missing.add(h);
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> vectors = model.embedAll(missing.stream().map(h -> h.chunk().indexText()).toList());
            for (int i = 0; i < missing.size(); i++) {
                cache.put(missing.get(i).chunk().id(), vectors.get(i));
            }
        }
        float[] scores = new float[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = VectorMath.dot(q, cache.get(candidates.get(i).chunk().id()));
        }
        return Rescoring.sorted(candidates, scores, name());
    }
}
