package dev.course.engine.rag;

import dev.course.engine.embed.EmbeddingModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The default answerer: it writes nothing of its own. It picks the sentences of the passages that
 * best answer the question, puts the best first, and cites each one; when the evidence is weak it
 * abstains instead. Deterministic, fast, and grounded by construction, which makes it the baseline
 * every language-model answer should beat.
 *
 * <p>A sentence's score mixes two signals: how similar its embedding is to the question's, and which
 * share of the question's content words (stemmed) it contains. Sentences are chosen greedily: the
 * best one, then others nearly as good that cover question words not yet covered, or that continue a
 * chain of facts (see {@link #answer}). It abstains when
 * even the best sentence is not similar enough to the question, or when the chosen sentences leave
 * most of the question's words unmentioned: "the sources don't mention kubernetes" is a reason a
 * learner can check.
 */
public final class ExtractiveAnswerer implements Answerer {

    /** Most sentences in an answer. */
    public static final int DEFAULT_MAX_SENTENCES = 3;
    /** Below this cosine between the question and its best sentence, the answerer abstains. */
    public static final double DEFAULT_MIN_SIMILARITY = 0.45;
    /** Below this share of the question's content words covered by the answer, it abstains. */
    public static final double DEFAULT_MIN_COVERAGE = 0.5;
    /** Further sentences must score at least this fraction of the best one. */
    public static final double KEEP_RATIO = 0.8;
    /** How much the embedding similarity counts against word overlap. */
    public static final double SIMILARITY_WEIGHT = 0.6;
    /** Shorter sentences (headings, labels) are not answers. */
    public static final int MIN_SENTENCE_CHARS = 40;

    private final EmbeddingModel model;
    private final int maxSentences;
    private final double minSimilarity;
    private final double minCoverage;

    /**
     * @param model         embeds question and sentences; null scores by word overlap alone
     * @param maxSentences  most sentences in an answer, at least 1
     * @param minSimilarity abstain below this best cosine (ignored without a model)
     * @param minCoverage   abstain below this share of question words covered, in [0, 1]
     */
    public ExtractiveAnswerer(EmbeddingModel model, int maxSentences, double minSimilarity, double minCoverage) {
        if (maxSentences < 1) {
            throw new IllegalArgumentException("maxSentences must be at least 1, got " + maxSentences);
        }
        if (minCoverage < 0 || minCoverage > 1) {
            throw new IllegalArgumentException("minCoverage must be in [0, 1], got " + minCoverage);
        }
        this.model = model;
        this.maxSentences = maxSentences;
        this.minSimilarity = minSimilarity;
        this.minCoverage = minCoverage;
    }

    /** The default settings with {@code model} (all-MiniLM-L6-v2 in the course). */
    public ExtractiveAnswerer(EmbeddingModel model) {
        this(model, DEFAULT_MAX_SENTENCES, DEFAULT_MIN_SIMILARITY, DEFAULT_MIN_COVERAGE);
    }

    @Override
    public String name() {
        return "extractive";
    }

    /**
     * One candidate sentence.
     *
     * @param n          its passage
     * @param text       the sentence, exactly as in the passage
     * @param stems      the question stems it contains
     * @param similarity cosine to the question (word overlap without a model)
     * @param score      the mixed score
     */
    public record Scored(int n, String text, Set<String> stems, double similarity, double score) {
    }

    /** Every candidate sentence of the passages, scored, best first (duplicates from overlapping chunks once). */
    public List<Scored> score(String question, List<Passage> passages) {
        Set<String> questionStems = Terms.stems(question);
        var texts = new ArrayList<String>();
        var owners = new ArrayList<Integer>();
        var seen = new HashSet<String>();
        for (Passage p : passages) {
            for (Sentences.Sentence s : Sentences.split(p.text())) {
                String key = s.text().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                if (isCandidate(s.text()) && seen.add(key)) {
                    texts.add(s.text());
                    owners.add(p.n());
                }
            }
        }
        if (texts.isEmpty() || questionStems.isEmpty()) {
            return List.of();
        }
        float[] q = model == null ? null : model.embedQuery(question);
        List<float[]> vectors = model == null ? null : model.embedAll(texts);
        var scored = new ArrayList<Scored>();
        for (int i = 0; i < texts.size(); i++) {
            var found = new LinkedHashSet<>(Terms.stems(texts.get(i)));
            found.retainAll(questionStems);
            double overlap = found.size() / (double) questionStems.size();
            double similarity = q == null ? overlap : dot(q, vectors.get(i));
            double score = q == null ? overlap : SIMILARITY_WEIGHT * similarity + (1 - SIMILARITY_WEIGHT) * overlap;
            scored.add(new Scored(owners.get(i), texts.get(i), found, similarity, score));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::n));
        return scored;
    }

    /** Long enough to say something, and prose rather than a formula on its own. */
    static boolean isCandidate(String sentence) {
        return sentence.length() >= MIN_SENTENCE_CHARS && !sentence.startsWith("$$")
                && sentence.replaceAll("\\$[^$]*\\$", "").split("\\s+").length >= 4;
    }

    @Override
    public Answer answer(String question, List<Passage> passages) {
        Set<String> questionStems = Terms.stems(question);
        if (questionStems.isEmpty()) {
            return Answer.abstain(name(), passages, "the question has no content words to look for");
        }
        List<Scored> scored = score(question, passages);
        if (scored.isEmpty()) {
            return Answer.abstain(name(), passages, "no sentences to choose from");
        }
        Scored best = scored.getFirst();
        var chosen = new ArrayList<Scored>(List.of(best));
        var covered = new LinkedHashSet<>(best.stems());
        for (Scored s : scored.subList(1, scored.size())) {
            if (chosen.size() == maxSentences) {
                break;
            }
            if (covered.containsAll(s.stems())) {
                continue;                                  // says nothing about the question that is not said yet
            }
            // a weaker sentence is still taken when it covers a question word the answer lacks and mentions a name
            // from a chosen sentence that the question does not have: the second hop of a chain ("Falcon is written in
            // Zephyr" → "Zephyr was designed by Ada Marlow"), which need not resemble the question at all
            if (s.score() >= KEEP_RATIO * best.score() || linked(s, chosen, questionStems)) {
                chosen.add(s);
                covered.addAll(s.stems());
            }
        }
        double coverage = covered.size() / (double) questionStems.size();
        var missing = new LinkedHashSet<>(questionStems);
        missing.removeAll(covered);
        String measured = String.format(Locale.ROOT, "best sentence similarity %.2f, question words covered %.0f%%",
                best.similarity(), 100 * coverage);
        if (model != null && best.similarity() < minSimilarity) {
            return Answer.abstain(name(), passages, measured + ": no sentence is close enough to the question (< "
                    + minSimilarity + ")");
        }
        if (coverage < minCoverage) {
            return Answer.abstain(name(), passages, measured + ": the sources don't mention " + String.join(", ", missing));
        }
        var text = new StringBuilder();
        var citations = new ArrayList<Citation>();
        for (Scored s : chosen) {
            if (!text.isEmpty()) text.append(' ');
            text.append(s.text()).append(" [").append(s.n()).append(']');
            citations.add(new Citation(s.n(), s.text()));
        }
        return new Answer(text.toString(), name(), false, passages, citations,
                chosen.size() + " of " + scored.size() + " sentences chosen; " + measured);
    }

    /** Whether {@code s} mentions a name from a chosen sentence that the question does not have. */
    private static boolean linked(Scored s, List<Scored> chosen, Set<String> questionStems) {
        var own = new HashSet<>(Terms.stems(s.text()));
        own.removeAll(questionStems);
        for (Scored c : chosen) {
            for (String name : Terms.names(c.text())) {
                if (own.contains(name)) return true;
            }
        }
        return false;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }
}
