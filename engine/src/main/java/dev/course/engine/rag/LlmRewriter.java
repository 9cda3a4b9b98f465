package dev.course.engine.rag;

import dev.course.engine.generate.ChatMessage;
import dev.course.engine.generate.GenerationRequest;
import dev.course.engine.generate.Generator;
import dev.course.engine.generate.sample.SamplingConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Query rewriting by a language model: it is asked for up to three short search queries, one per
 * line. A model can do what keyword extraction cannot (expand "it" from context, add a synonym the
 * documents use); when its output has no usable line, the {@link KeywordRewriter} answers instead
 * and the trace says so.
 */
public final class LlmRewriter implements QueryRewriter {

    public static final String INSTRUCTIONS = "Rewrite the user's question as at most three short search queries "
            + "for a search engine over course notes, one per line, with no numbering and no other text.";
    /** A query longer than this is not a query. */
    public static final int MAX_QUERY_CHARS = 200;

    private final Generator generator;
    private final QueryRewriter fallback = new KeywordRewriter();

    public LlmRewriter(Generator generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    @Override
    public String name() {
        return "llm(" + generator.name() + ")";
    }

    @Override
    public Rewrite rewrite(String question) {
        String text = generator.generate(GenerationRequest.chat(List.of(ChatMessage.system(INSTRUCTIONS),
                ChatMessage.user(question))).withMaxTokens(64).withSampling(SamplingConfig.greedy())).text();
        var queries = new ArrayList<String>();
        for (String line : text.lines().toList()) {
            String q = line.replaceFirst("^\\s*([-*•]|\\d+[.)])\\s*", "").replace("\"", "").strip();
            if (!q.isEmpty() && q.length() <= MAX_QUERY_CHARS && queries.size() < KeywordRewriter.MAX_QUERIES
                    && !Terms.keywords(q).isEmpty()) {
                queries.add(q);
            }
        }
        if (queries.isEmpty()) {
            Rewrite offline = fallback.rewrite(question);
            return new Rewrite(question, offline.queries(), name() + " gave no queries; " + fallback.name());
        }
        return new Rewrite(question, queries, name());
    }
}
