package dev.course.engine.rag.eval;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.embed.VectorMath;
import dev.course.engine.rag.KnowledgeSource;
import dev.course.engine.search.Hit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How close each question comes to the sources: the cosine between the question and the closest of
 * the passages retrieval returns for it. A question the sources cannot answer usually finds only
 * passages about something else, so its score is low; an abstention threshold is a cut through these
 * scores, below which the system says "I don't know". The RAG evaluation lesson chooses that cut on
 * half of the course's questions and measures it on the other half.
 */
public final class ClosestPassage {

    /** Passages retrieved per question, of which the closest counts. */
    public static final int DEFAULT_K = 5;

    private ClosestPassage() {
    }

    /**
     * One question and its score.
     *
     * @param question the question (answerable or not)
     * @param score    the largest cosine between the question and a passage retrieval returned for it
     */
    public record Scored(RagQuestion question, double score) {

        public Scored {
            Objects.requireNonNull(question, "question");
        }

        public boolean answerable() {
            return question.answerable();
        }
    }

    /**
     * Scores every question against {@code source}: its top {@code k} passages, each embedded once with
     * {@code model} (many questions find the same passages), and the question's cosine with the closest.
     */
    public static List<Scored> score(EmbeddingModel model, KnowledgeSource source, List<RagQuestion> questions, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        List<List<Hit>> hits = new ArrayList<>();
        Map<String, String> passages = new LinkedHashMap<>();
        for (RagQuestion q : questions) {
            List<Hit> found = source.retriever().search(q.question(), k).hits();
            hits.add(found);
            found.forEach(h -> passages.putIfAbsent(h.chunk().id(), h.chunk().text()));
        }
        List<String> ids = new ArrayList<>(passages.keySet());
        List<float[]> passageVectors = model.embedAll(new ArrayList<>(passages.values()));
        Map<String, float[]> vectorOf = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            vectorOf.put(ids.get(i), passageVectors.get(i));
        }
        List<float[]> questionVectors = model.embedQueries(questions.stream().map(RagQuestion::question).toList());
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            double best = -1;
            for (Hit h : hits.get(i)) {
                best = Math.max(best, VectorMath.cosine(questionVectors.get(i), vectorOf.get(h.chunk().id())));
            }
            scored.add(new Scored(questions.get(i), best));
        }
        return scored;
    }

    /** The scores, in order: what a threshold is chosen from. */
    public static double[] scores(List<Scored> scored) {
        return scored.stream().mapToDouble(Scored::score).toArray();
    }

    /** Whether each question is answerable, in the same order. */
    public static boolean[] answerable(List<Scored> scored) {
        boolean[] out = new boolean[scored.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = scored.get(i).answerable();
        }
        return out;
    }

    /**
     * The abstention accuracy of answering exactly the questions whose score is at least
     * {@code threshold}: the share where that decision matches whether the question is answerable.
     */
    public static double abstentionAccuracy(double threshold, double[] scores, boolean[] answerable) {
        if (scores.length != answerable.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + answerable.length + " answerable flags");
        }
        int right = 0;
        for (int i = 0; i < scores.length; i++) {
            if ((scores[i] >= threshold) == answerable[i]) right++;
        }
        return scores.length == 0 ? 0 : right / (double) scores.length;
    }
}
