package dev.course.engine.rag;

import java.util.ArrayList;
import java.util.List;

/**
 * Offline query rewriting: the question is cut into its sentences (a chatty message often holds
 * greetings, context and two real questions), sentences without content words are dropped, and each
 * remaining one becomes a query of its content words. "Hi! I read the first lesson. Why does
 * normalising make the dot product equal the cosine?" becomes {@code normalising dot product equal cosine}.
 */
public final class KeywordRewriter implements QueryRewriter {

    /** Most queries produced from one question. */
    public static final int MAX_QUERIES = 3;
    /** Sentences with fewer content words are context, not questions (unless nothing else is left). */
    public static final int MIN_KEYWORDS = 2;

    @Override
    public String name() {
        return "keywords";
    }

    @Override
    public Rewrite rewrite(String question) {
        var queries = new ArrayList<String>();
        List<Sentences.Sentence> parts = Sentences.split(question.replaceAll("\\?\\s+", "?\n"));
        boolean anyQuestion = parts.stream().anyMatch(s -> s.text().endsWith("?"));
        for (Sentences.Sentence part : parts) {
            if (anyQuestion && !part.text().endsWith("?") && parts.size() > 1) {
                continue;                                   // context around the real questions
            }
            List<String> words = Terms.keywords(part.text());
            if (words.size() >= MIN_KEYWORDS && queries.size() < MAX_QUERIES) {
                queries.add(String.join(" ", words));
            }
        }
        if (queries.isEmpty()) {
            List<String> words = Terms.keywords(question);
            queries.add(words.isEmpty() ? question.strip() : String.join(" ", words));
        }
        return new Rewrite(question, queries, name());
    }
}
