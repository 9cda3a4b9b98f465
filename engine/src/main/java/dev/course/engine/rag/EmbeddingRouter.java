package dev.course.engine.rag;

import dev.course.engine.embed.EmbeddingModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes by meaning: the question's embedding is compared (cosine) with each source's description,
 * and the best source is chosen, together with any other source within {@code margin} of it (a close
 * call is searched in both rather than guessed).
 */
public final class EmbeddingRouter implements Router {

    /** Sources scoring within this cosine of the best are chosen too. */
    public static final double DEFAULT_MARGIN = 0.03;

    private final EmbeddingModel model;
    private final double margin;
    private final Map<String, float[]> descriptions = new ConcurrentHashMap<>();

    public EmbeddingRouter(EmbeddingModel model, double margin) {
        this.model = Objects.requireNonNull(model, "model");
        if (margin < 0) {
            throw new IllegalArgumentException("margin must be 0 or more, got " + margin);
        }
        this.margin = margin;
    }

    public EmbeddingRouter(EmbeddingModel model) {
        this(model, DEFAULT_MARGIN);
    }

    @Override
    public String name() {
        return "embedding similarity to descriptions (" + model.name() + ")";
    }

    @Override
    public Routing route(String question, List<KnowledgeSource> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("nothing to route to");
        }
        float[] q = model.embedQuery(question);
        var scores = new ArrayList<Score>();
        for (KnowledgeSource source : sources) {
            float[] d = descriptions.computeIfAbsent(source.description(), model::embed);
            double cosine = 0;
            for (int i = 0; i < q.length; i++) cosine += q[i] * d[i];
            scores.add(new Score(source.name(), cosine));
        }
        scores.sort(Comparator.comparingDouble(Score::score).reversed());
        double best = scores.getFirst().score();
        List<String> chosen = scores.stream().filter(s -> s.score() >= best - margin).map(Score::source).toList();
        return new Routing(question, scores, chosen, name());
    }
}
