package dev.course.engine.rag;

import dev.course.engine.generate.ChatMessage;
import dev.course.engine.generate.GenerationRequest;
import dev.course.engine.generate.Generator;
import dev.course.engine.generate.sample.SamplingConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Routing by a language model: it reads the sources' names and descriptions and names the one to
 * search. Its scores are 1 for the sources it named and 0 for the others; when it names none, the
 * {@code fallback} router decides and the trace says so.
 */
public final class LlmRouter implements Router {

    private final Generator generator;
    private final Router fallback;

    public LlmRouter(Generator generator, Router fallback) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public String name() {
        return "llm(" + generator.name() + ")";
    }

    /** The routing prompt: the sources, then the question. */
    public static String prompt(String question, List<KnowledgeSource> sources) {
        var text = new StringBuilder("Which source should answer the question? Reply with the source's name only.\n\n");
        for (KnowledgeSource s : sources) {
            text.append("- ").append(s.name()).append(": ").append(s.description()).append('\n');
        }
        return text.append("\nQuestion: ").append(question).toString();
    }

    @Override
    public Routing route(String question, List<KnowledgeSource> sources) {
        String reply = generator.generate(GenerationRequest.chat(List.of(ChatMessage.user(prompt(question, sources))))
                .withMaxTokens(16).withSampling(SamplingConfig.greedy())).text().toLowerCase(Locale.ROOT);
        var scores = new ArrayList<Score>();
        var chosen = new ArrayList<String>();
        for (KnowledgeSource s : sources) {
            boolean named = reply.matches("(?s).*\\b" + java.util.regex.Pattern.quote(s.name().toLowerCase(Locale.ROOT)) + "\\b.*");
            scores.add(new Score(s.name(), named ? 1 : 0));
            if (named) chosen.add(s.name());
        }
        if (chosen.isEmpty()) {
            Routing r = fallback.route(question, sources);
            return new Routing(question, r.scores(), r.chosen(), name() + " named no source; " + r.by());
        }
        scores.sort((a, b) -> Double.compare(b.score(), a.score()));
        return new Routing(question, scores, chosen, name());
    }
}
