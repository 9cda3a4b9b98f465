package dev.course.engine.rag.eval;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One evaluation question.
 *
 * @param id         stable, e.g. {@code a07}
 * @param question   as a learner would ask it
 * @param answers    phrases any of which, found in a text, means the text contains the answer (empty
 *                   for unanswerable questions)
 * @param passage    the id of the lesson section that answers it ({@code track/slug#section}), or empty
 * @param answerable false for questions the sources cannot answer, where abstaining is right
 */
public record RagQuestion(String id, String question, List<String> answers, String passage, boolean answerable) {

    public RagQuestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(passage, "passage");
        answers = List.copyOf(answers);
        if (answerable && answers.isEmpty()) {
            throw new IllegalArgumentException(id + ": an answerable question needs at least one answer phrase");
        }
    }

    /** Whether {@code text} contains one of the answer phrases (case and spacing aside). */
    public boolean isAnsweredBy(String text) {
        String t = normalise(text);
        return answers.stream().anyMatch(a -> t.contains(normalise(a)));
    }

    static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("\\s+", " ").strip();
    }
}
