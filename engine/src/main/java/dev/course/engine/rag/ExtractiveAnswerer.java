package dev.course.engine.rag;

import dev.course.engine.corpus.LessonsCorpus;
import dev.course.engine.corpus.MarkdownSections;
import dev.course.engine.embed.EmbeddingModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The default answerer: it writes nothing of its own. It picks the passage that best answers the
 * question, quotes that passage's best sentences, and cites each one; when the evidence is weak it
 * abstains instead. Deterministic, fast, and grounded by construction, which makes it the baseline
 * every language-model answer should beat.
 *
 * <p>It answers in two steps, each scored by named rules.
 * <ol>
 *   <li><b>Which passage answers.</b> An answer quoted from one section reads as an explanation; a
 *   sentence from each of three sections reads as a collage, and usually cites a section that does not
 *   answer. A passage's score ({@link #passageScore}) adds up four signals, each between 0 and 1: how
 *   similar its title and text are to the question ({@link Scored#context()}, weighed
 *   {@link #CONTEXT_WEIGHT} times as much as each other signal), its closest sentence,
 *   the question's words it contains (half the plain share, half the share weighted by how rare each
 *   word is among the passages, {@link #rarity}: retrieval found every passage through the question's
 *   common words, so the rare ones tell the passages apart), and the share of the question's words in its
 *   <em>title</em> (a section called "Greedy" answers a question about greedy decoding; in a corpus of
 *   code, a member whose name matches the question, {@code strip} for "strip white space", is the
 *   member asked about), plus a small prior for how early retrieval found it ({@link #RANK_PRIOR}),
 *   less {@link #NARROWER_MEMBER_PENALTY} for each word a member's name adds that
 *   the question does not ask for ({@code stripIndent} when asked about both ends of a string).</li>
 *   <li><b>Which sentences to quote.</b> A sentence's score ({@link #score}) mixes how similar its
 *   embedding is to the question's ({@link #SIMILARITY_WEIGHT}) with which share of the question's
 *   words it contains, rare words weighing more; a sentence with the question's focus, its rarest word
 *   that some sentence has ({@link #focus}), gains {@link #FOCUS_BONUS}. When the question asks why or how, a sentence that
 *   explains (because, so, which means, ...: {@link #explains}) gains {@link #EXPLANATION_BONUS}: the
 *   answer to "why" is a reason, not a restatement of the fact the question assumes. The best sentence
 *   comes first; a short claim, or one that ends in a colon, brings the sentence after it
 *   ({@link #following}, from the next chunk of the same section when a chunk boundary fell between
 *   them), because "Cosine similarity ignores length on purpose." says what and the next sentence says why; a sentence of another document that continues a chain of names and brings the
 *   question's words the chosen passage lacks joins ({@link #linked}); then the passage's next best sentences, up to {@link #DEFAULT_MAX_SENTENCES}.</li>
 * </ol>
 * Not every sentence is a candidate ({@link #isCandidate}, {@link #isProse}): a lesson's one-line
 * summary says what the lesson covers, an exercise prompt says what to do, a heading or a question
 * asks rather than answers; none of them is quoted.
 *
 * <p>It abstains when no sentence of any passage is similar enough to the question
 * ({@link #DEFAULT_MIN_SIMILARITY}, or {@link #MIN_SIMILARITY_WHEN_COVERED} when the chosen passage holds
 * {@link #KEY_WORDS_COVERED} of the question's words), when the question names something no passage
 * mentions, or when the
 * chosen passage leaves most of the question's words unmentioned ({@link #DEFAULT_MIN_COVERAGE}):
 * "the sources don't mention kubernetes" is a reason a learner can check.
 */
public final class ExtractiveAnswerer implements Answerer {

    /** Most sentences in an answer. */
    public static final int DEFAULT_MAX_SENTENCES = 4;
    /** Below this cosine between the question and every sentence, the answerer abstains. */
    public static final double DEFAULT_MIN_SIMILARITY = 0.45;
    /** Below this share of the question's content words in the chosen passage (title and text), it abstains. */
    public static final double DEFAULT_MIN_COVERAGE = 0.5;
    /**
     * What a code member's passage loses in {@link #passageScore} for each word of its name, beyond the
     * first, that the question does not use ({@link #unaskedNameWords}): a whole signal's worth, because a
     * narrower member is another member, however much of the question its Javadoc repeats.
     */
    public static final double NARROWER_MEMBER_PENALTY = 1.0;
    /** A passage title that ends in a code member: {@code java.lang.String › strip()}; group 1 is its name. */
    private static final Pattern MEMBER_TITLE = Pattern.compile("› (\\w+)\\([^›]*$");
    /** The share of the question's content words a passage must hold for {@link #MIN_SIMILARITY_WHEN_COVERED} to apply. */
    public static final double KEY_WORDS_COVERED = 0.65;
    /** The similarity that suffices when the chosen passage holds {@link #KEY_WORDS_COVERED} of the question's words. */
    public static final double MIN_SIMILARITY_WHEN_COVERED = 0.35;
    /** A further sentence of the chosen passage must score at least this fraction of the best one: a passage's stray remarks stay out. */
    public static final double KEEP_RATIO = 0.3;
    /** How much a sentence's embedding similarity counts in its score; the rarity-weighted word overlap gets the rest. */
    public static final double SIMILARITY_WEIGHT = 0.6;
    /** Shorter sentences (headings, labels) are not answers. */
    public static final int MIN_SENTENCE_CHARS = 40;
    /**
     * What a sentence that explains gains in score when the question asks why or how: the answer to
     * "why" is a reason, and a sentence that states the fact the question already assumes is not one.
     */
    public static final double EXPLANATION_BONUS = 0.1;
    /** What a sentence gains in score for containing the question's focus ({@link #focus}): its rarest word that some sentence has. */
    public static final double FOCUS_BONUS = 0.1;
    /** A best sentence shorter than this is a claim whose reason follows: the next sentence of its paragraph joins it. */
    public static final int SHORT_SENTENCE_CHARS = 60;
    /**
     * What a lesson's recap ({@link LessonsCorpus#RECAP_HEADING}) loses in {@link #passageScore}: it names
     * every idea of the lesson in a line, so it resembles many questions, but the section it sums up is
     * the one that explains.
     */
    public static final double RECAP_PENALTY = 0.5;

    /**
     * How much the cosine of a passage's title and text to the question counts in {@link #passageScore},
     * where its closest sentence, its share of the question's words and its title's share count once:
     * word shares say which passage repeats the question's words, the cosine what the passage as a whole
     * is about. Asked "At what moment are the documents embedded, at search time or before?", a section on
     * HNSW's recall holds more of the words, and the section on embedding once reads closer to the question.
     * Chosen on the development part of the question set by {@code PassageWeightsFitTest} (1.25 to 1.75
     * score the same there, better than 1; 2 and above move abstentions or answers both ways; 1.5 is the
     * middle); measured in docs/measurements.md (answers6).
     */
    public static final double CONTEXT_WEIGHT = 1.5;

    /**
     * What a passage gains in {@link #passageScore} for where retrieval put it: this divided by its number,
     * 0.1 for the first passage, 0.05 for the second. Passages are numbered in the order the retriever
     * found them, and that order weighs evidence the answerer's own signals lack (BM25 over the whole
     * chunk, fused with a dense ranking); small, so that it decides only between passages the other
     * signals find about equal. Measured in docs/measurements.md (answers5): 0.2 and 0.3 did worse on the
     * development part.
     */
    public static final double RANK_PRIOR = 0.1;

    /** Questions that ask for a reason or a mechanism (not how many, how much, how long, how often). */
    private static final Pattern WHY_OR_HOW = Pattern.compile("(?i)^\\W*(why|how)\\b(?!\\s+(many|much|long|often)\\b)");
    /** A question that asks for a code member by what it does: "Which method removes white space ...?" */
    private static final Pattern ASKS_FOR_MEMBER = Pattern.compile(
            "(?i)^\\W*(which|what)\\s+(\\w+\\s+)?(method|class|interface|record|enum|constructor|function|member|type)s?\\b");
    /** A declaration after a member's documentation, as {@link JdkDocs} writes it: {@code (public String strip())}. */
    private static final Pattern DECLARATION = Pattern.compile("^\\(public [^\\n]*\\)$");
    /**
     * Sentences about the course rather than the subject: what a lesson or track covers ("This lesson
     * trains ...", "In the foundations lesson, ..."), or what to do in a notebook cell.
     */
    private static final Pattern ABOUT_THE_COURSE = Pattern.compile(
            "(?i)^(in )?(this|the (last|next|previous|foundations)) (lesson|track)\\b|\\b(this|the next) lesson "
                    + "(covers|builds|makes|opens|trains|joins|puts|takes)\\b|\\brun the cell\\b|^here is\\b");
    /**
     * A row of a Markdown table ({@code | check | fails when |}): cells side by side, not a sentence, and
     * quoted alone it loses the header that says what each cell means.
     */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\||\\s\\|\\s.*\\s\\|(\\s|$)");
    /** Words that open a sentence which leans on the one before it: "That is a known bias: ...". */
    private static final Pattern REFERS_BACK = Pattern.compile("^(This|That|These|Those|It|Such|Hence)\\b");
    /** Words and marks that introduce a reason, a consequence or a mechanism. */
    private static final Pattern EXPLAINS = Pattern.compile(
            "(?i)\\b(because|since|so that|so|which is why|that is why|this is why|means|otherwise|keeps?|stops?|lets?|"
                    + "makes?|therefore|thus|only|until|while|instead)\\b|: ");

    private final EmbeddingModel model;
    /** The vectors this answerer keeps ({@link #remembering()}); null embeds every text each time. */
    private final RememberedVectors remembered;
    private final int maxSentences;
    private final double minSimilarity;
    private final double minCoverage;
    /** How the passage is chosen ({@link PassageWeights#DEFAULT} but in {@link #withPassageWeights}). */
    private final PassageWeights passageWeights;

    /**
     * @param model         embeds question and sentences; null scores by word overlap alone
     * @param maxSentences  most sentences in an answer, at least 1
     * @param minSimilarity abstain below this best cosine (ignored without a model)
     * @param minCoverage   abstain below this share of question words covered, in [0, 1]
     */
    public ExtractiveAnswerer(EmbeddingModel model, int maxSentences, double minSimilarity, double minCoverage) {
        this(model, null, maxSentences, minSimilarity, minCoverage, PassageWeights.DEFAULT);
    }

    private ExtractiveAnswerer(EmbeddingModel model, RememberedVectors remembered, int maxSentences, double minSimilarity,
                               double minCoverage, PassageWeights passageWeights) {
        if (maxSentences < 1) {
            throw new IllegalArgumentException("maxSentences must be at least 1, got " + maxSentences);
        }
        if (minCoverage < 0 || minCoverage > 1) {
            throw new IllegalArgumentException("minCoverage must be in [0, 1], got " + minCoverage);
        }
        this.model = model;
        this.remembered = remembered;
        this.maxSentences = maxSentences;
        this.minSimilarity = minSimilarity;
        this.minCoverage = minCoverage;
        this.passageWeights = Objects.requireNonNull(passageWeights, "passageWeights");
    }

    /** This answerer choosing passages with {@code weights}: to compare weightings on the same passages. */
    ExtractiveAnswerer withPassageWeights(PassageWeights weights) {
        return new ExtractiveAnswerer(model, remembered, maxSentences, minSimilarity, minCoverage, weights);
    }

    /** The default settings with {@code model} (all-MiniLM-L6-v2 in the course). */
    public ExtractiveAnswerer(EmbeddingModel model) {
        this(model, DEFAULT_MAX_SENTENCES, DEFAULT_MIN_SIMILARITY, DEFAULT_MIN_COVERAGE);
    }

    /** How many sentence and passage vectors {@link #remembering()} keeps. */
    static final int REMEMBERED_TEXTS = 4096;

    /**
     * This answerer, with the same settings, keeping the vectors of the sentences and passages it
     * embeds ({@link RememberedVectors}, the last {@value #REMEMBERED_TEXTS}), so that a passage
     * another question brought back is not embedded again. For scoring many questions over one corpus
     * (the RAG tests' question set): it gives the same answers, in a fraction of the time. Whatever
     * times the answerer keeps the plain one, whose time follows what it is given.
     */
    public ExtractiveAnswerer remembering() {
        return remembering(REMEMBERED_TEXTS);
    }

    /** {@link #remembering()}, keeping the last {@code texts} vectors. */
    ExtractiveAnswerer remembering(int texts) {
        if (model == null) {
            return this;
        }
        return new ExtractiveAnswerer(model, new RememberedVectors(model, texts), maxSentences, minSimilarity,
                minCoverage, passageWeights);
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

    /**
     * Every candidate sentence of the passages, scored, best first (duplicates from overlapping chunks once):
     * {@link #SIMILARITY_WEIGHT} times its cosine to the question plus the rest times its rarity-weighted
     * word overlap, plus {@link #EXPLANATION_BONUS} when the question asks why or how and the sentence explains.
     */
    public List<Scored> score(String question, List<Passage> passages) {
        Set<String> questionStems = Terms.stems(question);
        var texts = new ArrayList<String>();
        var owners = new ArrayList<Passage>();
        var seen = new HashSet<String>();
        for (Passage p : passages) {
            for (Sentences.Sentence s : Sentences.split(p.text())) {
                String key = s.text().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                if (isCandidate(s.text()) && isProse(p.text(), s) && seen.add(key)) {
                    texts.add(s.text());
                    owners.add(p);
                }
            }
        }
        if (texts.isEmpty() || questionStems.isEmpty()) {
            return List.of();
        }
        float[] q = model == null ? null : model.embedQuery(question);
        List<float[]> vectors = model == null ? null : embedAll(texts);
        Map<Integer, Double> contexts = new HashMap<>();
        List<Passage> owning = owners.stream().distinct().toList();
        List<float[]> passageVectors = model == null ? null : embedAll(owning.stream().map(ExtractiveAnswerer::context).toList());
        for (int i = 0; i < owning.size(); i++) {
            contexts.put(owning.get(i).n(), q == null ? share(questionStems, Terms.stems(context(owning.get(i))))
                    : dot(q, passageVectors.get(i)));
        }
        List<Set<String>> sentenceStems = texts.stream().map(Terms::stems).toList();
        Map<String, Double> weights = rarity(questionStems, sentenceStems);
        boolean asksWhyOrHow = asksWhyOrHow(question);
        double allWeight = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Set<String> focus = focus(weights, sentenceStems);
        var scored = new ArrayList<Scored>();
        for (int i = 0; i < texts.size(); i++) {
            var found = new LinkedHashSet<>(sentenceStems.get(i));
            found.retainAll(questionStems);
            double overlap = found.stream().mapToDouble(weights::get).sum() / allWeight;
            double similarity = q == null ? overlap : dot(q, vectors.get(i));
            double context = contexts.get(owners.get(i).n());
            double score = SIMILARITY_WEIGHT * similarity + (1 - SIMILARITY_WEIGHT) * overlap
                    + (asksWhyOrHow && explains(texts.get(i)) ? EXPLANATION_BONUS : 0)
                    + (found.stream().anyMatch(focus::contains) ? FOCUS_BONUS : 0);
            scored.add(new Scored(owners.get(i).n(), texts.get(i), found, similarity, context, score));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::n));
        return scored;
    }

    /** Passage vectors of {@code texts}: the kept ones when this answerer remembers, else all embedded now. */
    private List<float[]> embedAll(List<String> texts) {
        return remembered == null ? model.embedAll(texts) : remembered.embedAll(texts);
    }

    /**
     * The question's focus: its rarest words among the candidate sentences that some sentence contains.
     * "What are the logits of a language model?" is about logits; the sentences that say "language model"
     * are about something else, however similar they read.
     */
    static Set<String> focus(Map<String, Double> weights, List<Set<String>> sentenceStems) {
        double rarest = weights.entrySet().stream().filter(e -> sentenceStems.stream().anyMatch(s -> s.contains(e.getKey())))
                .mapToDouble(Map.Entry::getValue).max().orElse(Double.NaN);
        var focus = new HashSet<String>();
        weights.forEach((stem, weight) -> {
            if (weight == rarest) focus.add(stem);
        });
        return focus;
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

    /**
     * What a passage is about, as the answerer compares it with the question: its title (lesson › section)
     * and text, without a lesson's summary line or an exercise prompt ({@link #isProse}). Those lines help
     * retrieval find a section, but a summary repeats the words of every question about its lesson, and
     * with it a lesson's opening section resembles them all more than the section that explains.
     */
    static String context(Passage p) {
        String text = p.text().lines()
                .filter(line -> !line.startsWith(MarkdownSections.SUMMARY_LABEL) && !line.startsWith(MarkdownSections.EXERCISE_LABEL))
                .collect(Collectors.joining("\n"));
        return p.title().isEmpty() ? text : p.title() + ": " + text;
    }

    /**
     * Long enough to say something, a statement rather than a question, prose rather than a formula or a
     * table row ({@link #TABLE_ROW}) on its own, and about the subject rather than the course
     * ({@link #ABOUT_THE_COURSE}).
     */
    static boolean isCandidate(String sentence) {
        if (TABLE_ROW.matcher(sentence).find()) return false;
        return sentence.length() >= MIN_SENTENCE_CHARS && !sentence.startsWith("$$") && !sentence.endsWith("?")
                && sentence.replaceAll("\\$[^$]*\\$", "").split("\\s+").length >= 4
                && !ABOUT_THE_COURSE.matcher(sentence).find();
    }

    /**
     * Whether sentence {@code s} of {@code text} is the lesson's own prose: not on a line labelled as a
     * summary or an exercise prompt ({@link MarkdownSections#SUMMARY_LABEL}, {@link MarkdownSections#EXERCISE_LABEL}),
     * which say what the lesson covers or what to do rather than how things are, and not the tail of a
     * sentence that a chunk boundary cut (a passage that opens in lower case mid-line).
     */
    static boolean isProse(String text, Sentences.Sentence s) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, s.start() - 1)) + 1;
        if (s.start() == 0) lineStart = 0;
        String line = text.substring(lineStart);
        if (line.startsWith(MarkdownSections.SUMMARY_LABEL) || line.startsWith(MarkdownSections.EXERCISE_LABEL)) {
            return false;
        }
        return !(s.start() == 0 && Character.isLowerCase(s.text().charAt(0)) && !s.text().matches("^[a-z][\\w.]*[:(].*"));
    }

    /** Whether {@code question} asks why, or how something works (not how many, how much, how long, how often). */
    static boolean asksWhyOrHow(String question) {
        return WHY_OR_HOW.matcher(question).find();
    }

    /** Whether {@code sentence} gives a reason, a consequence or a mechanism ({@link #EXPLAINS}). */
    static boolean explains(String sentence) {
        return EXPLAINS.matcher(sentence).find();
    }

    /**
     * Chooses a passage and sentences of it and cites them, or abstains.
     *
     * <p>It abstains at once when the question names something (a capitalised word or one with a digit: "Pinecone", "GPT-4") that no
     * passage mentions: whatever the passages say about the question's other words, they are about
     * something else, and a sentence on "vector databases" in general is no answer to a question about one
     * of them. Then it chooses the passage ({@link #passageScore}) and abstains when no sentence is close
     * enough to the question ({@link #closeEnough}), or when that passage, title and text, contains less
     * than {@link #DEFAULT_MIN_COVERAGE} of the question's words.
     *
     * <p>The answer opens with the passage's best sentence, preceded by the sentence before it when the
     * best one refers back ("This is why ...", {@link #REFERS_BACK}) and that sentence shares a word with
     * the question (a sentence about a code cell's output, "The three numbers agree", is no reason for
     * anything the question asks), and followed by the sentence after it (found in the next chunk of its section when the best one
     * ends its chunk) when the best one is a short claim, ends in a colon, or, for a why or how question, when the next one explains. A
     * sentence of another passage joins when it continues a chain: it mentions a name that a chosen
     * sentence introduced and the question does not have, it brings every question word the chosen
     * passage lacks (it completes the chain rather than adding to it), and it comes from another document
     * than the chosen passage (another section of the same lesson that shares a name is more of the same
     * subject, not the next hop: quoted, it usually cites a passage without the answer). That is how the second hop of a multi-step retrieval gets into the answer ("Falcon
     * is written in Zephyr" → "Zephyr was designed by Ada Marlow"): the sentence that completes the chain
     * need not resemble the question at all. Names are judged in all the passages
     * ({@link Terms#names(String, String)}), so a name that opens its sentence still counts. The chosen
     * passage's next best sentences fill the rest, each scoring at least {@link #KEEP_RATIO} of the best;
     * a sentence that ends in a colon ({@link #leadsIn}) does not, since what it introduces stays out.
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
        double closest = scored.stream().mapToDouble(Scored::similarity).max().orElse(0);
        String allText = String.join("\n", passages.stream().map(Passage::text).toList());
        var unnamed = new LinkedHashSet<>(Terms.names(question, question));
        unnamed.removeAll(Terms.stems(allText));
        if (!unnamed.isEmpty()) {
            return Answer.abstain(name(), passages, "the question names " + String.join(", ", unnamed)
                    + " and no source mentions it: the sources are about something else");
        }
        Passage chosenPassage = choosePassage(questionStems, passages, scored);
        Set<String> passageStems = Terms.stems(context(chosenPassage));
        var missing = new LinkedHashSet<>(questionStems);
        missing.removeAll(passageStems);
        double coverage = 1 - missing.size() / (double) questionStems.size();
        String measured = String.format(Locale.ROOT, "passage [%d] chosen, best sentence similarity %.2f, "
                + "question words in the passage %.0f%%", chosenPassage.n(), closest, 100 * coverage);
        if (!closeEnough(closest, coverage)) {
            return Answer.abstain(name(), passages, String.format(Locale.ROOT, "%s: no sentence is close enough to the "
                    + "question (< %s, or < %s with %.0f%% of its words in one passage)", measured, minSimilarity,
                    MIN_SIMILARITY_WHEN_COVERED, 100 * KEY_WORDS_COVERED));
        }
        if (coverage < minCoverage) {
            return Answer.abstain(name(), passages, measured + ": the sources don't mention " + String.join(", ", missing));
        }
        List<Scored> ofPassage = scored.stream().filter(s -> s.n() == chosenPassage.n()).toList();
        Scored best = ofPassage.getFirst();
        var chosen = new ArrayList<Scored>();
        Scored previous = REFERS_BACK.matcher(best.text()).find() && maxSentences > 1
                ? preceding(best, chosenPassage, passages, questionStems) : null;
        boolean withPrevious = previous != null && !previous.stems().isEmpty();
        if (withPrevious) {
            chosen.add(previous);                          // "That is a known bias" needs the sentence it refers to
        }
        chosen.add(withPrevious ? citedTo(best, previous.n()) : best);
        Scored next = following(best, chosenPassage, passages, scored, questionStems);
        boolean whyOrHow = asksWhyOrHow(question);
        boolean nextCompletes = next != null && (best.text().length() < SHORT_SENTENCE_CHARS || best.text().endsWith(":")
                || (whyOrHow && (explains(next.text()) || next.text().length() < SHORT_SENTENCE_CHARS)));
        if (nextCompletes && chosen.size() < maxSentences && !quotes(chosen, next)) {
            if (!withPrevious) chosen.set(chosen.size() - 1, citedTo(best, next.n()));
            chosen.add(next);                              // a short claim's reason is the sentence after it
        }
        for (Scored s : scored) {
            if (chosen.size() < maxSentences && !missing.isEmpty() && s.stems().containsAll(missing)
                    && !ofDocument(s, chosenPassage.document(), passages) && !quotes(chosen, s) && !leadsIn(s)
                    && linked(s, chosen, questionStems, allText)) {
                chosen.add(s);                             // the next hop of a chain
            }
        }
        for (Scored s : ofPassage) {
            if (chosen.size() < maxSentences && !quotes(chosen, s) && !leadsIn(s) && s.score() >= KEEP_RATIO * best.score()) {
                chosen.add(s);
            }
        }
        Scored declaration = ASKS_FOR_MEMBER.matcher(question).find() ? declaration(chosen, passages) : null;
        if (declaration != null) {
            chosen.addFirst(declaration);                  // "which method" is answered by the member's name
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

    /** The passage with the best {@link #passageScore} among those with candidate sentences. */
    private Passage choosePassage(Set<String> questionStems, List<Passage> passages, List<Scored> scored) {
        Map<Integer, PassageSignals> signals = signals(questionStems, passages, scored);
        return passages.stream().filter(p -> signals.containsKey(p.n()))
                .max(Comparator.comparingDouble((Passage p) -> passageWeights.score(signals.get(p.n())))
                .thenComparing(p -> -p.n())).orElseThrow();
    }

    /**
     * The {@link PassageSignals} of every passage with candidate sentences, by number: what
     * {@link #choosePassage} weighs, and what {@code PassageWeightsFitTest} fits the weights on.
     */
    static Map<Integer, PassageSignals> signals(Set<String> questionStems, List<Passage> passages, List<Scored> scored) {
        List<Passage> withSentences = passages.stream().filter(p -> scored.stream().anyMatch(s -> s.n() == p.n())).toList();
        Map<String, Double> weights = rarity(questionStems, withSentences.stream().map(p -> Terms.stems(context(p))).toList());
        var out = new LinkedHashMap<Integer, PassageSignals>();
        for (Passage p : withSentences) {
            out.put(p.n(), signals(questionStems, p, scored, weights));
        }
        return out;
    }

    /**
     * How well passage {@code p} answers, as {@link PassageWeights#DEFAULT} weighs its {@link PassageSignals}:
     * the cosine of its title and text to the question (word overlap without a model), the similarity of
     * its closest sentence, the question's words it contains, the share of the question's words in its
     * title, and a small prior for its place in retrieval's order, less the recap and narrower-member penalties.
     *
     * @param scored  every candidate sentence, as {@link #score} returns them
     * @param weights each question stem's rarity among the passages
     */
    static double passageScore(Set<String> questionStems, Passage p, List<Scored> scored, Map<String, Double> weights) {
        return PassageWeights.DEFAULT.score(signals(questionStems, p, scored, weights));
    }

    /**
     * The signals of passage {@code p}, each between 0 and 1 but the last: the cosine of its title and
     * text to the question, the similarity of its closest sentence, the question's words it contains
     * (the mean of their plain share and their share weighted by {@link #rarity} among the passages: two
     * measures of one thing, so together they count once, and what the passage means weighs more than
     * which words it repeats), the share of the question's words in its title, its place in retrieval's
     * order (1 / n), whether it is a recap, and {@link #unaskedNameWords}.
     */
    static PassageSignals signals(Set<String> questionStems, Passage p, List<Scored> scored, Map<String, Double> weights) {
        Set<String> stems = Terms.stems(context(p));
        double context = scored.stream().filter(s -> s.n() == p.n()).mapToDouble(Scored::context).findFirst().orElse(0);
        double closestSentence = scored.stream().filter(s -> s.n() == p.n()).mapToDouble(Scored::similarity).max().orElse(0);
        double allWeight = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double rareWords = allWeight == 0 ? 0 : questionStems.stream().filter(stems::contains).mapToDouble(weights::get).sum() / allWeight;
        return new PassageSignals(context, closestSentence, (share(questionStems, stems) + rareWords) / 2,
                share(questionStems, Terms.stems(p.title())), 1.0 / p.n(), isRecap(p) ? 1 : 0,
                unaskedNameWords(questionStems, p));
    }

    /**
     * How many words of a code member's name the question does not use, beyond the first: 0 for a
     * passage that is not a member ({@link #MEMBER_TITLE}). Each further word narrows the member
     * ({@code stripIndent}, {@code stripLeading} against {@code strip}): asked "which method removes
     * white space from both ends of a string?", the member whose name adds no qualifier the question
     * lacks is the one asked about, although "incidental white space removed from the beginning and end
     * of every line" resembles the question as much as "all leading and trailing white space removed".
     */
    static int unaskedNameWords(Set<String> questionStems, Passage p) {
        Matcher m = MEMBER_TITLE.matcher(p.title());
        if (!m.find()) return 0;
        int unasked = 0;
        for (String word : m.group(1).split("(?<=\\p{Ll})(?=\\p{Lu})|_")) {
            if (!word.isEmpty() && Terms.stemParts(word.toLowerCase(Locale.ROOT)).stream().noneMatch(questionStems::contains)) unasked++;
        }
        return Math.max(0, unasked - 1);
    }

    /** Whether {@code p} is a lesson's closing recap ({@link LessonsCorpus#RECAP_HEADING}). */
    static boolean isRecap(Passage p) {
        return p.title().endsWith(LessonsCorpus.RECAP_HEADING);
    }

    /** The share of {@code questionStems} found in {@code stems}. */
    private static double share(Set<String> questionStems, Set<String> stems) {
        return questionStems.stream().filter(stems::contains).count() / (double) questionStems.size();
    }

    /**
     * The sentence right after {@code best} in its paragraph, or null: from the chosen passage, or, when
     * {@code best} ends that passage (a chunk boundary fell after it), from another retrieved chunk of the
     * same section that goes on past it, which the sentence then cites. "Purity 0.669: k-means finds real
     * structure but not the packages." ends one chunk; the next chunk says why ("the algorithm groups by
     * whatever divides the texts most"). Only the same section: a chunk of another section that happens to
     * repeat the sentence continues another argument. Measured in docs/measurements.md (answers7).
     */
    private static Scored following(Scored best, Passage chosen, List<Passage> passages, List<Scored> scored,
                                    Set<String> questionStems) {
        var order = new ArrayList<Passage>(List.of(chosen));
        passages.stream().filter(p -> p.n() != chosen.n() && p.section().equals(chosen.section())).forEach(order::add);
        for (Passage p : order) {
            Scored next = following(best, p, scored.stream().filter(s -> s.n() == p.n()).toList(), questionStems);
            if (next != null) return next;
        }
        return null;
    }

    /**
     * The sentence right after {@code best} in the same paragraph of {@code passage}, or null: "Cosine similarity
     * ignores length on purpose." says what, the sentence after it says why. The reason may be shorter than
     * a candidate ({@link #MIN_SENTENCE_CHARS}): "People read from the top." is why ranks are discounted.
     */
    private static Scored following(Scored best, Passage passage, List<Scored> ofPassage, Set<String> questionStems) {
        String text = passage.text();
        List<Sentences.Sentence> sentences = Sentences.split(text);
        for (int i = 0; i + 1 < sentences.size(); i++) {
            Sentences.Sentence s = sentences.get(i);
            Sentences.Sentence after = sentences.get(i + 1);
            if (s.text().equals(best.text()) && text.substring(s.end(), after.start()).indexOf('\n') < 0) {
                return ofPassage.stream().filter(c -> c.text().equals(after.text())).findFirst()
                        .orElse(isNeighbour(text, after) ? unscored(passage, after, questionStems) : null);
            }
        }
        return null;
    }

    /**
     * The sentence right before {@code best} in its paragraph, or null: from the chosen passage, or, when
     * {@code best} opens that passage (a chunk boundary fell between the two), from another passage that
     * holds both. Asked only when {@code best} refers back ({@link #REFERS_BACK}).
     */
    private static Scored preceding(Scored best, Passage chosen, List<Passage> passages, Set<String> questionStems) {
        var order = new ArrayList<Passage>(List.of(chosen));
        passages.stream().filter(p -> p.n() != chosen.n()).forEach(order::add);
        for (Passage p : order) {
            List<Sentences.Sentence> sentences = Sentences.split(p.text());
            for (int i = 1; i < sentences.size(); i++) {
                Sentences.Sentence before = sentences.get(i - 1);
                Sentences.Sentence s = sentences.get(i);
                if (s.text().equals(best.text()) && p.text().substring(before.end(), s.start()).indexOf('\n') < 0
                        && isNeighbour(p.text(), before)) {
                    return unscored(p, before, questionStems);
                }
            }
        }
        return null;
    }

    /**
     * Whether a sentence next to the chosen one may join it although it was not a candidate: lesson prose
     * ({@link #isProse}) of at least three words that neither asks nor talks about the course, nor is a
     * member's declaration ({@link #DECLARATION}: it names a member, it gives no reason).
     */
    private static boolean isNeighbour(String text, Sentences.Sentence s) {
        return isProse(text, s) && !s.text().endsWith("?") && s.text().split("\\s+").length >= 3
                && !s.text().startsWith("$$") && !ABOUT_THE_COURSE.matcher(s.text()).find()
                && !DECLARATION.matcher(s.text()).matches();
    }

    /**
     * The declaration that closes the documentation the chosen sentences belong to, {@code (public String
     * strip())}, or null: the first chosen sentence whose line, in any passage, ends in one
     * ({@link #DECLARATION}). A question that asks which method does something is answered by the
     * method's name, and in the JDK's documentation that name is in the declaration after the prose, never
     * in the prose's sentences; overlapping chunks may cut it off the chosen passage and keep it in the next.
     * It joins the answer beyond {@link #DEFAULT_MAX_SENTENCES}: it is a name, not a sentence.
     */
    private static Scored declaration(List<Scored> chosen, List<Passage> passages) {
        for (Scored c : chosen) {
            for (Passage p : passages) {
                List<Sentences.Sentence> sentences = Sentences.split(p.text());
                for (int i = 0; i < sentences.size(); i++) {
                    if (!sentences.get(i).text().equals(c.text())) continue;
                    for (int j = i + 1; j < sentences.size(); j++) {
                        Sentences.Sentence s = sentences.get(j);
                        if (p.text().substring(sentences.get(j - 1).end(), s.start()).indexOf('\n') >= 0) break;
                        if (DECLARATION.matcher(s.text()).matches()) return new Scored(p.n(), s.text(), Set.of(), 0, 0, 0);
                    }
                }
            }
        }
        return null;
    }

    /**
     * {@code s} cited to passage {@code n}: when the sentence that completes it ({@link #preceding},
     * {@link #following}) comes from another chunk of the section, that chunk holds both, and the pair
     * is cited to the one passage that reads as it was written.
     */
    private static Scored citedTo(Scored s, int n) {
        return s.n() == n ? s : new Scored(n, s.text(), s.stems(), s.similarity(), s.context(), s.score());
    }

    /** A sentence of passage {@code p} that joins the answer for where it stands, not for its score. */
    private static Scored unscored(Passage p, Sentences.Sentence s, Set<String> questionStems) {
        var found = new LinkedHashSet<>(Terms.stems(s.text()));
        found.retainAll(questionStems);
        return new Scored(p.n(), s.text(), found, 0, 0, 0);
    }

    /**
     * Whether {@code s} ends in a colon: it introduces what follows (a list, a table, a code cell), and
     * away from it, as a further sentence of an answer, it promises something the answer does not
     * show. As the best sentence it stays, and {@link #following} brings what it introduces.
     */
    private static boolean leadsIn(Scored s) {
        return s.text().endsWith(":");
    }

    /** Whether sentence {@code s} comes from a passage of {@code document} ({@link Passage#document()}). */
    private static boolean ofDocument(Scored s, String document, List<Passage> passages) {
        return passages.stream().anyMatch(p -> p.n() == s.n() && p.document().equals(document));
    }

    /** Whether {@code chosen} already quotes the text of {@code s} (overlapping chunks repeat sentences). */
    private static boolean quotes(List<Scored> chosen, Scored s) {
        return chosen.stream().anyMatch(c -> c.text().equals(s.text()));
    }

    /**
     * Whether the closest sentence is similar enough to the question for the passages to be taken as an
     * answer (always, without a model). A sentence embedding compares wording: "Why does BM25 stop
     * rewarding a term that appears many times?" and the lesson's "saturates: the tenth occurrence adds
     * little" share few words, so the closest sentence stays below {@link #DEFAULT_MIN_SIMILARITY}
     * although the section answers. When the chosen passage holds at least {@link #KEY_WORDS_COVERED} of
     * the question's words, the words are the evidence, and a lower similarity
     * ({@link #MIN_SIMILARITY_WHEN_COVERED}) suffices: the answerer abstains only when no passage covers
     * what the question is about.
     */
    private boolean closeEnough(double closest, double coverage) {
        return model == null || closest >= minSimilarity
                || (coverage >= KEY_WORDS_COVERED && closest >= Math.min(minSimilarity, MIN_SIMILARITY_WHEN_COVERED));
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
