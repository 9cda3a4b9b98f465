package dev.course.engine.rag;

import dev.course.engine.embed.EmbeddingModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The default answerer: it writes nothing of its own. It picks the sentences of the passages that
 * best answer the question, puts the best first, and cites each one; when the evidence is weak it
 * abstains instead. Deterministic, fast, and grounded by construction, which makes it the baseline
 * every language-model answer should beat.
 *
 * <p>A sentence's score mixes three signals: how similar its embedding is to the question's, how
 * similar its <em>passage</em> (section title and text) is to the question, and which share of the
 * question's content words (stemmed) it contains, each word weighted by how rare it is among the
 * candidate sentences ({@link #rarity}). The passage counts because a sentence is read in
 * its context: "The result is one number per token: the logits." answers "What are the logits of a
 * language model?" better than a sentence that repeats "language model" in a section about something
 * else, and only the section ("Logits: a score for every token") says so. Sentences are chosen
 * greedily: the best one that is close enough to the question, then others nearly as good that cover
 * question words not yet covered, or that continue a chain of facts (see {@link #answer}). It abstains
 * when no sentence is similar enough to the question, or when the chosen sentences leave most of the
 * question's words unmentioned: "the sources don't mention kubernetes" is a reason a learner can check.
 */
public final class ExtractiveAnswerer implements Answerer {

    /** Most sentences in an answer. */
    public static final int DEFAULT_MAX_SENTENCES = 3;
    /** Below this cosine between the question and every sentence, the answerer abstains. */
    public static final double DEFAULT_MIN_SIMILARITY = 0.45;
    /** Below this share of the question's content words covered by the answer, it abstains. */
    public static final double DEFAULT_MIN_COVERAGE = 0.5;
    /** Further sentences must score at least this fraction of the best one. */
    public static final double KEEP_RATIO = 0.8;
    /** How much the sentence's own embedding similarity counts. */
    public static final double SIMILARITY_WEIGHT = 0.45;
    /** How much the similarity of the sentence's passage (title and text) counts; word overlap gets the rest. */
    public static final double CONTEXT_WEIGHT = 0.15;
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
     * @param similarity cosine of the sentence to the question (word overlap without a model)
     * @param context    cosine of its passage, title and text, to the question (word overlap without a model)
     * @param score      the mixed score
     */
    public record Scored(int n, String text, Set<String> stems, double similarity, double context, double score) {
    }

    /** Every candidate sentence of the passages, scored, best first (duplicates from overlapping chunks once). */
    public List<Scored> score(String question, List<Passage> passages) {
        Set<String> questionStems = Terms.stems(question);
        var texts = new ArrayList<String>();
        var owners = new ArrayList<Passage>();
        var seen = new HashSet<String>();
        for (Passage p : passages) {
            for (Sentences.Sentence s : Sentences.split(p.text())) {
                String key = s.text().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                if (isCandidate(s.text()) && seen.add(key)) {
                    texts.add(s.text());
                    owners.add(p);
                }
            }
        }
        if (texts.isEmpty() || questionStems.isEmpty()) {
            return List.of();
        }
        float[] q = model == null ? null : model.embedQuery(question);
        List<float[]> vectors = model == null ? null : model.embedAll(texts);
        Map<Integer, Double> contexts = new HashMap<>();
        List<Passage> owning = owners.stream().distinct().toList();
        List<float[]> passageVectors = model == null ? null : model.embedAll(owning.stream().map(ExtractiveAnswerer::context).toList());
        for (int i = 0; i < owning.size(); i++) {
            contexts.put(owning.get(i).n(), q == null ? overlap(questionStems, context(owning.get(i)))
                    : dot(q, passageVectors.get(i)));
        }
        List<Set<String>> sentenceStems = texts.stream().map(Terms::stems).toList();
        Map<String, Double> weights = rarity(questionStems, sentenceStems);
        double allWeight = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        var scored = new ArrayList<Scored>();
        for (int i = 0; i < texts.size(); i++) {
            var found = new LinkedHashSet<>(sentenceStems.get(i));
            found.retainAll(questionStems);
            double overlap = found.stream().mapToDouble(weights::get).sum() / allWeight;
            double similarity = q == null ? overlap : dot(q, vectors.get(i));
            double context = contexts.get(owners.get(i).n());
            double score = SIMILARITY_WEIGHT * similarity + CONTEXT_WEIGHT * context
                    + (1 - SIMILARITY_WEIGHT - CONTEXT_WEIGHT) * overlap;
            scored.add(new Scored(owners.get(i).n(), texts.get(i), found, similarity, context, score));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::n));
        return scored;
    }

    /**
     * How much each question word counts in the word overlap: its inverse document frequency over the
     * candidate sentences, as in BM25 ({@code ln(1 + (N - n + 0.5) / (n + 0.5))}). Retrieval found these
     * passages because they share the question's words, so the words most of them share ("language",
     * "model") say little about which sentence answers, and the rare ones ("logits") say much.
     */
    static Map<String, Double> rarity(Set<String> questionStems, List<Set<String>> sentenceStems) {
        int all = sentenceStems.size();
        var weights = new HashMap<String, Double>();
        for (String stem : questionStems) {
            long n = sentenceStems.stream().filter(s -> s.contains(stem)).count();
            weights.put(stem, Math.log(1 + (all - n + 0.5) / (n + 0.5)));
        }
        return weights;
    }

    /** What a passage is about, as the answerer compares it with the question: its title (lesson › section) and text. */
    static String context(Passage p) {
        return p.title().isEmpty() ? p.text() : p.title() + ": " + p.text();
    }

    private static double overlap(Set<String> questionStems, String text) {
        var found = new HashSet<>(Terms.stems(text));
        found.retainAll(questionStems);
        return found.size() / (double) questionStems.size();
    }

    /** Long enough to say something, and prose rather than a formula on its own. */
    static boolean isCandidate(String sentence) {
        return sentence.length() >= MIN_SENTENCE_CHARS && !sentence.startsWith("$$")
                && sentence.replaceAll("\\$[^$]*\\$", "").split("\\s+").length >= 4;
    }

    /**
     * Chooses sentences and cites them, or abstains.
     *
     * <p>It abstains at once when the question names something (a capitalised word or one with a digit:
     * "Pinecone", "GPT-4") that no passage mentions: whatever the passages say about the question's other
     * words, they are about something else, and a sentence on "vector databases" in general is no answer
     * to a question about one of them.
     *
     * <p>The first sentence is the best-scoring one among those whose own cosine to the question
     * reaches the minimum similarity: a sentence that only scores well through its words and its
     * passage is no answer on its own, but it should not hide a slightly lower-scoring sentence that is
     * close to the question. Then, in score order, a sentence is added when it covers a question word
     * the answer lacks and either scores nearly as well as the first ({@link #KEEP_RATIO}) or continues
     * a chain: it mentions a name that a chosen sentence introduced and the question does not have. That
     * second rule is how the second hop of a multi-step retrieval gets into the answer ("Falcon is written
     * in Zephyr" → "Zephyr was designed by Ada Marlow"): the sentence that completes the chain need not
     * resemble the question at all. Names are judged in all the passages ({@link Terms#names(String, String)}),
     * so a name that opens its sentence still counts.
     *
     * <p>A known weakness: two look-alike sentences from different lessons, each sharing a few words with
     * an unanswerable question ("cost per token", "OpenAI API"), can together cover enough of it to pass
     * the coverage test.
     */
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
        Scored best = scored.stream().filter(this::closeEnough).findFirst().orElse(null);
        if (best == null) {
            double closest = scored.stream().mapToDouble(Scored::similarity).max().orElse(0);
            return Answer.abstain(name(), passages, String.format(Locale.ROOT, "best sentence similarity %.2f: "
                    + "no sentence is close enough to the question (< %s)", closest, minSimilarity));
        }
        String allText = String.join("\n", passages.stream().map(Passage::text).toList());
        var unnamed = new LinkedHashSet<>(Terms.names(question, question));
        unnamed.removeAll(Terms.stems(allText));
        if (!unnamed.isEmpty()) {
            return Answer.abstain(name(), passages, "the question names " + String.join(", ", unnamed)
                    + " and no source mentions it: the sources are about something else");
        }
        var chosen = new ArrayList<Scored>(List.of(best));
        var covered = new LinkedHashSet<>(best.stems());
        for (Scored s : scored) {
            if (chosen.size() == maxSentences) {
                break;
            }
            if (s == best || covered.containsAll(s.stems())) {
                continue;                                  // says nothing about the question that is not said yet
            }
            if (s.score() >= KEEP_RATIO * best.score() || linked(s, chosen, questionStems, allText)) {
                chosen.add(s);
                covered.addAll(s.stems());
            }
        }
        double coverage = covered.size() / (double) questionStems.size();
        var missing = new LinkedHashSet<>(questionStems);
        missing.removeAll(covered);
        String measured = String.format(Locale.ROOT, "best sentence similarity %.2f, question words covered %.0f%%",
                best.similarity(), 100 * coverage);
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

    /** Whether a sentence is similar enough to the question to be taken for what it says (always, without a model). */
    private boolean closeEnough(Scored s) {
        return model == null || s.similarity() >= minSimilarity;
    }

    /** Whether {@code s} mentions a name from a chosen sentence that the question does not have. */
    private static boolean linked(Scored s, List<Scored> chosen, Set<String> questionStems, String allText) {
        var own = new HashSet<>(Terms.stems(s.text()));
        own.removeAll(questionStems);
        for (Scored c : chosen) {
            for (String name : Terms.names(c.text(), allText)) {
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
