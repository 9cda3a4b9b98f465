package dev.course.engine.rerank;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.embed.TokenVectors;
import dev.course.engine.search.Hit;
import dev.course.engine.search.SearchResults;
import org.apache.lucene.util.VectorUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Late interaction (the idea of ColBERT): keep one vector per token instead of pooling, and score
 * a candidate by <b>MaxSim</b>: for each query token, the best cosine with any candidate token,
 * summed over the query tokens.
 *
 * <pre>score(q, d) = sum over query tokens i of  max over document tokens j of  q_i . d_j</pre>
 *
 * <p>So every query word must find its own match somewhere in the passage, which a single pooled
 * vector can blur. Here the token vectors come from the bundled sentence encoders'
 * {@code last_hidden_state}, normalised; ColBERT models are trained for this and do it better, so
 * this is the mechanism, not a state-of-the-art reranker. The score is divided by the number of
 * query tokens so it reads as an average best cosine. Candidate token vectors are cached by chunk
 * id (roughly 1.5 KB per token for 384 dimensions).
 */
public final class MaxSimReranker implements Reranker {

    private final EmbeddingModel model;
    private final Map<String, float[][]> cache = new ConcurrentHashMap<>();

    public MaxSimReranker(EmbeddingModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public String name() {
        return "maxsim(" + model.name() + ")";
    }

    /** The MaxSim score of one query and one passage, from their token vectors. */
    public static float maxSim(float[][] query, float[][] passage) {
        if (query.length == 0 || passage.length == 0) {
            return 0;
        }
        float sum = 0;
        for (float[] q : query) {
            float best = -1;
            for (float[] d : passage) {
                best = Math.max(best, VectorUtil.dotProduct(q, d));
            }
            sum += best;
        }
        return sum / query.length;
    }

    @Override
    public SearchResults rerank(String query, SearchResults candidates) {
        float[][] q = model.tokenVectors(query).vectors();
        var missing = new ArrayList<Hit>();
        for (Hit h : candidates.hits()) {
            if (!cache.containsKey(h.chunk().id())) {
                missing.add(h);
            }
        }
        if (!missing.isEmpty()) {
            List<TokenVectors> vectors = model.tokenVectorsAll(missing.stream().map(h -> h.chunk().indexText()).toList());
            for (int i = 0; i < missing.size(); i++) {
                cache.put(missing.get(i).chunk().id(), vectors.get(i).vectors());
            }
        }
        float[] scores = new float[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = maxSim(q, cache.get(candidates.get(i).chunk().id()));
        }
        return Rescoring.sorted(candidates, scores, name());
    }
}
