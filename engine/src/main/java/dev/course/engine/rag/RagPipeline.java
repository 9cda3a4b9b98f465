package dev.course.engine.rag;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.rerank.Reranker;

import java.util.List;
import java.util.Objects;

/**
 * The whole flow, one stage per component: route → rewrite → retrieve (in steps) → answer → check.
 * Each stage is replaceable (a language model can route, rewrite and answer), and {@link #ask}
 * returns a {@link RagResult} that keeps what every stage decided.
 *
 * @param sources   where answers may come from, at least one
 * @param router    chooses among several sources (not consulted for one)
 * @param rewriter  turns the question into queries
 * @param retriever searches, in one or more steps
 * @param answerer  writes the answer from the passages
 */
public record RagPipeline(List<KnowledgeSource> sources, Router router, QueryRewriter rewriter,
                          MultiStepRetriever retriever, Answerer answerer) {

    public RagPipeline {
        sources = List.copyOf(sources);
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(rewriter, "rewriter");
        Objects.requireNonNull(retriever, "retriever");
        Objects.requireNonNull(answerer, "answerer");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one source");
        }
        if (sources.stream().map(KnowledgeSource::name).distinct().count() != sources.size()) {
            throw new IllegalArgumentException("source names must be unique: " + sources.stream().map(KnowledgeSource::name).toList());
        }
    }

    /**
     * The offline default over {@code sources}: embedding router, keyword rewriting, up to
     * {@value MultiStepRetriever#DEFAULT_MAX_STEPS} retrieval steps of {@value MultiStepRetriever#DEFAULT_K}
     * passages, the extractive answerer.
     */
    public static RagPipeline offline(EmbeddingModel model, KnowledgeSource... sources) {
        return new RagPipeline(List.of(sources), new EmbeddingRouter(model), new KeywordRewriter(),
                new MultiStepRetriever(MultiStepRetriever.DEFAULT_K, MultiStepRetriever.DEFAULT_MAX_STEPS, null),
                new ExtractiveAnswerer(model));
    }

    public RagPipeline withAnswerer(Answerer a) {
        return new RagPipeline(sources, router, rewriter, retriever, a);
    }

    public RagPipeline withRewriter(QueryRewriter r) {
        return new RagPipeline(sources, router, r, retriever, answerer);
    }

    public RagPipeline withRouter(Router r) {
        return new RagPipeline(sources, r, rewriter, retriever, answerer);
    }

    /** The same pipeline with {@code k} passages, at most {@code maxSteps} steps and an optional reranker. */
    public RagPipeline withRetrieval(int k, int maxSteps, Reranker reranker) {
        return new RagPipeline(sources, router, rewriter, new MultiStepRetriever(k, maxSteps, reranker), answerer);
    }

    /** Runs every stage for {@code question}. */
    public RagResult ask(String question) {
        long start = System.nanoTime();
        Found found = find(question);
        Answer answer = answerer.answer(question, found.retrieval().passages());
        GroundingChecks.Report checks = GroundingChecks.check(answer);
        double millis = (System.nanoTime() - start) / 1e6;
        return new RagResult(question, found.routing(), found.rewrite(), found.retrieval().steps(), answer, checks, millis);
    }

    /**
     * The passages the answerer would get for {@code question}: every stage but the answer. For measuring
     * retrieval alone (chunking, say) without paying for answers.
     */
    public List<Passage> retrieve(String question) {
        return find(question).retrieval().passages();
    }

    /** What the stages before the answerer decided and found. */
    private record Found(Router.Routing routing, QueryRewriter.Rewrite rewrite, MultiStepRetriever.Retrieval retrieval) {
    }

    private Found find(String question) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("ask a question");
        }
        Router.Routing routing = sources.size() == 1
                ? new Router.Routing(question, List.of(new Router.Score(sources.getFirst().name(), 1)),
                List.of(sources.getFirst().name()), "only one source")
                : router.route(question, sources);
        List<KnowledgeSource> chosen = sources.stream().filter(s -> routing.chosen().contains(s.name())).toList();
        QueryRewriter.Rewrite rewrite = rewriter.rewrite(question);
        return new Found(routing, rewrite, retriever.retrieve(question, rewrite.queries(), chosen));
    }
}
