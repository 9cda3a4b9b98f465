package dev.course.engine.rag;

import dev.course.engine.generate.Generation;
import dev.course.engine.generate.GenerationRequest;
import dev.course.engine.generate.Generator;
import dev.course.engine.generate.sample.SamplingConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Answers with a language model given the {@link GroundingPrompt}. The model writes free text, so the
 * citations must be recovered from it: for every sentence with a {@code [n]}, the quote is the sentence
 * of source n that shares most words with it (or the span the model put in quotation marks, when that
 * span really is in source n). Nothing is corrected: {@link GroundingChecks} report what the model got wrong.
 */
public final class LlmAnswerer implements Answerer {

    /** Enough for a few cited sentences. */
    public static final int DEFAULT_MAX_TOKENS = 256;

    private final Generator generator;
    private final int maxTokens;
    private final boolean chat;

    /**
     * @param generator the model
     * @param maxTokens most tokens in an answer
     * @param chat      whether to use the model's chat format (instruct models and servers: yes)
     */
    public LlmAnswerer(Generator generator, int maxTokens, boolean chat) {
        this.generator = Objects.requireNonNull(generator, "generator");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        this.maxTokens = maxTokens;
        this.chat = chat;
    }

    public LlmAnswerer(Generator generator) {
        this(generator, DEFAULT_MAX_TOKENS, true);
    }

    @Override
    public String name() {
        return "llm(" + generator.name() + ")";
    }

    @Override
    public Answer answer(String question, List<Passage> passages) {
        var request = chat
                ? GenerationRequest.chat(GroundingPrompt.messages(question, passages))
                : GenerationRequest.completion(GroundingPrompt.text(question, passages));
        Generation g = generator.generate(request.withMaxTokens(maxTokens)
                .withSampling(SamplingConfig.greedy()));
        String text = g.text().strip();
        String note = g.promptTokens() + " prompt tokens, " + g.generatedTokens() + " generated";
        if (isRefusal(text)) {
            return Answer.abstain(name(), passages, "the model said the sources don't answer this; " + note);
        }
        return new Answer(text, name(), false, passages, citations(text, passages), note);
    }

    /** Whether the model gave the refusal sentence (apostrophes and case aside). */
    static boolean isRefusal(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace('’', '\'');
        return t.contains("sources don't answer") || t.contains("sources do not answer");
    }

    /** For each cited sentence of {@code text}, the supporting span of each source it cites. */
    static List<Citation> citations(String text, List<Passage> passages) {
        var citations = new ArrayList<Citation>();
        for (Sentences.Sentence sentence : Sentences.split(text)) {
            for (int n : CitationMarkers.numbers(sentence.text())) {
                if (n < 1 || n > passages.size()) {
                    citations.add(new Citation(n, CitationMarkers.strip(sentence.text())));
                    continue;                  // a citation of a source that was never given: the checks flag it
                }
                Passage p = passages.get(n - 1);
                String quote = CitationMarkers.quotedSpans(sentence.text()).stream().filter(p.text()::contains)
                        .findFirst().orElseGet(() -> closestSentence(CitationMarkers.strip(sentence.text()), p.text()));
                Citation c = new Citation(n, quote);
                if (!citations.contains(c)) citations.add(c);
            }
        }
        return citations;
    }

    /** The sentence of {@code passage} sharing most content words with {@code claim}. */
    static String closestSentence(String claim, String passage) {
        Set<String> words = Terms.stems(claim);
        String best = passage;
        int bestOverlap = -1;
        for (Sentences.Sentence s : Sentences.split(passage)) {
            var found = new java.util.HashSet<>(Terms.stems(s.text()));
            found.retainAll(words);
            if (found.size() > bestOverlap) {
                bestOverlap = found.size();
                best = s.text();
            }
        }
        return best;
    }
}
