package dev.course.engine.rag;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.rerank.Reranker;
import dev.course.engine.search.Fusion;
import dev.course.engine.search.Hit;
import dev.course.engine.search.SearchResults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Retrieval in steps. The first step searches the rewritten queries. If the passages found leave some
 * of the question's content words unmentioned, the next step searches for those words together with
 * the <em>bridge terms</em> the found passages introduced: for "Who designed the language Falcon is
 * written in?", step 1 finds "Falcon is written in Zephyr", and step 2 searches {@code designed zephyr}.
 * It stops when every word is covered, when a step finds nothing new, or at the step limit.
 */
public final class MultiStepRetriever {

    public static final int DEFAULT_K = 5;
    public static final int DEFAULT_MAX_STEPS = 3;
    /** New passages a follow-up step may add (follow-ups look for one missing fact). */
    public static final int FOLLOW_UP_K = 2;
    /** Candidates a reranker sees per step. */
    public static final int RERANK_CANDIDATES = 20;
    /** Bridge terms taken from what the previous step found. */
    public static final int BRIDGE_TERMS = 2;

    private final int k;
    private final int maxSteps;
    private final Reranker reranker;

    /**
     * @param k        passages kept by the first step
     * @param maxSteps most steps, 1 for plain single-step retrieval
     * @param reranker reorders each step's candidates, or null
     */
    public MultiStepRetriever(int k, int maxSteps, Reranker reranker) {
        if (k < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("k and maxSteps must be at least 1, got " + k + " and " + maxSteps);
        }
        this.k = k;
        this.maxSteps = maxSteps;
        this.reranker = reranker;
    }

    public int k() {
        return k;
    }

    public int maxSteps() {
        return maxSteps;
    }

    /** What became of a hit: kept as a new passage, already known, or dropped because it did not help. */
    public enum Status { NEW, SEEN, DROPPED }

    /**
     * A passage found in a step.
     *
     * @param origin the source it came from
     * @param hit    the hit, with its (fused or reranked) score
     * @param status whether it was kept; a follow-up step drops new hits that mention none of the missing words
     */
    public record Found(String origin, Hit hit, Status status) {
        public boolean isNew() {
            return status == Status.NEW;
        }
    }

    /**
     * One retrieval step of the trace.
     *
     * @param number  from 1
     * @param queries what was searched
     * @param reason  why this step ran
     * @param found   the hits, best first
     * @param missing question words still not covered after this step
     */
    public record Step(int number, List<String> queries, String reason, List<Found> found, List<String> missing) {
        public Step {
            queries = List.copyOf(queries);
            found = List.copyOf(found);
            missing = List.copyOf(missing);
        }

        public long newPassages() {
            return found.stream().filter(Found::isNew).count();
        }
    }

    /**
     * Everything retrieval produced.
     *
     * @param steps    the trace
     * @param passages the numbered passages for the answerer, in the order they were found
     */
    public record Retrieval(List<Step> steps, List<Passage> passages) {
        public Retrieval {
            steps = List.copyOf(steps);
            passages = List.copyOf(passages);
        }
    }

    /** Retrieves for {@code question}, starting from {@code queries}, in {@code sources}. */
    public Retrieval retrieve(String question, List<String> queries, List<KnowledgeSource> sources) {
        Objects.requireNonNull(question, "question");
        if (queries.isEmpty() || sources.isEmpty()) {
            throw new IllegalArgumentException("retrieval needs at least one query and one source");
        }
        Map<String, Found> collected = new LinkedHashMap<>();
        var steps = new ArrayList<Step>();
        List<Found> found = search(queries, sources, k, collected.keySet());
        found.stream().filter(Found::isNew).forEach(f -> collected.put(key(f), f));
        List<String> missing = missing(question, collected.values());
        steps.add(new Step(1, queries, "the " + (queries.size() == 1 ? "query" : "queries") + " from rewriting",
                found, missing));
        List<Found> lastNew = found;
        while (steps.size() < maxSteps && !missing.isEmpty()) {
            List<String> bridge = bridgeTerms(question, lastNew);
            var words = new LinkedHashSet<>(missing);
            words.addAll(bridge);
            String query = String.join(" ", words);
            List<Found> next = new ArrayList<>();
            List<Found> fresh = new ArrayList<>();
            for (Found f : search(List.of(query), sources, FOLLOW_UP_K, collected.keySet())) {
                boolean helps = !f.isNew() || !missing(missing, List.of(f)).equals(missing);
                Found judged = helps ? f : new Found(f.origin(), f.hit(), Status.DROPPED);
                next.add(judged);
                if (judged.isNew()) fresh.add(judged);
            }
            fresh.forEach(f -> collected.put(key(f), f));
            List<String> stillMissing = missing(question, collected.values());
            String reason = "not yet covered: " + String.join(", ", missing)
                    + (bridge.isEmpty() ? "" : "; bridge terms from what was found: " + String.join(", ", bridge))
                    + (fresh.isEmpty() ? "; nothing new mentions them, stop" : "");
            steps.add(new Step(steps.size() + 1, List.of(query), reason, next, stillMissing));
            if (fresh.isEmpty() || stillMissing.equals(missing)) break;
            missing = stillMissing;
            lastNew = fresh;
        }
        var passages = new ArrayList<Passage>();
        for (Found f : collected.values()) {
            passages.add(Passage.of(passages.size() + 1, f.hit().chunk(), f.origin()));
        }
        return new Retrieval(steps, passages);
    }

    /** The best {@code keep} hits over all queries and sources, fused by reciprocal rank, marked new or not. */
    private List<Found> search(List<String> queries, List<KnowledgeSource> sources, int keep, Set<String> seen) {
        int depth = reranker == null ? Math.max(keep, k) + seen.size() : RERANK_CANDIDATES + seen.size();
        var lists = new ArrayList<SearchResults>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (KnowledgeSource source : sources) {
            for (String query : queries) {
                SearchResults results = source.retriever().search(query, depth);
                // chunk ids may repeat across sources: make them unique before fusing
                var hits = new ArrayList<Hit>();
                for (Hit h : results.hits()) {
                    Chunk c = h.chunk();
                    String unique = source.name() + ":" + c.id();
                    origins.put(unique, source.name());
                    hits.add(new Hit(new Chunk(unique, c.documentId(), c.title(), c.text(), c.source(), c.span()),
                            h.score(), h.luceneDoc()));
                }
                lists.add(new SearchResults(query, results.method(), hits));
            }
        }
        SearchResults fused = lists.size() == 1 ? lists.getFirst() : Fusion.reciprocalRank(lists, depth);
        if (reranker != null) {
            fused = reranker.rerank(String.join(" ", queries), fused.top(depth));
        }
        var found = new ArrayList<Found>();
        int fresh = 0;
        for (Hit h : fused.hits()) {
            String origin = origins.get(h.chunk().id());
            Chunk c = h.chunk();
            Chunk original = new Chunk(c.id().substring(origin.length() + 1), c.documentId(), c.title(), c.text(),
                    c.source(), c.span());
            boolean isNew = !seen.contains(origin + ":" + original.id());
            if (isNew && fresh == keep) continue;
            if (!isNew && found.size() >= keep) continue;
            if (isNew) fresh++;
            found.add(new Found(origin, new Hit(original, h.score(), h.luceneDoc()), isNew ? Status.NEW : Status.SEEN));
            if (fresh == keep) break;
        }
        return found;
    }

    private static String key(Found f) {
        return f.origin() + ":" + f.hit().chunk().id();
    }

    /**
     * The question's specific content words (as written; see {@link Terms#isSpecific}) whose stems no
     * collected passage contains. Common short words are left out: their absence is no reason to search again.
     */
    static List<String> missing(String question, java.util.Collection<Found> collected) {
        List<String> specific = Terms.keywords(question).stream().filter(w -> Terms.isSpecific(w, question)).toList();
        return missing(specific, collected);
    }

    /** Which of {@code words} no passage in {@code collected} mentions (compared as stems; a compound needs all its parts). */
    static List<String> missing(List<String> words, java.util.Collection<Found> collected) {
        var present = new java.util.HashSet<String>();
        for (Found f : collected) {
            present.addAll(Terms.stems(f.hit().chunk().indexText()));
        }
        var missing = new ArrayList<String>();
        for (String word : words) {
            if (!present.containsAll(Terms.stemParts(word))) missing.add(word);
        }
        return missing;
    }

    /**
     * Words the last step's passages add to the question: from the sentence that shares most words with
     * the question, its words the question does not have, names (capitalised mid-sentence) first, then
     * the longest. They link what was found to what is still missing.
     */
    static List<String> bridgeTerms(String question, List<Found> found) {
        Set<String> questionStems = Terms.stems(question);
        String bestSentence = null;
        int bestOverlap = 0;
        for (Found f : found) {
            for (Sentences.Sentence s : Sentences.split(f.hit().chunk().text())) {
                var overlap = new java.util.HashSet<>(Terms.stems(s.text()));
                overlap.retainAll(questionStems);
                if (overlap.size() > bestOverlap) {
                    bestOverlap = overlap.size();
                    bestSentence = s.text();
                }
            }
        }
        if (bestSentence == null) return List.of();
        var candidates = new ArrayList<String>();
        var m = java.util.regex.Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_\\-]*").matcher(bestSentence);
        var capitalised = new LinkedHashSet<String>();
        while (m.find()) {
            String word = m.group();
            String lower = word.toLowerCase(java.util.Locale.ROOT);
            if (Terms.isStopWord(lower) || questionStems.containsAll(Terms.stemParts(lower)) || lower.length() < 3
                    || candidates.contains(lower)) continue;
            candidates.add(lower);
            if (Character.isUpperCase(word.charAt(0)) && m.start() > 0) capitalised.add(lower);
        }
        candidates.sort(Comparator.comparing((String w) -> !capitalised.contains(w))
                .thenComparing(Comparator.comparingInt(String::length).reversed()));
        return candidates.subList(0, Math.min(BRIDGE_TERMS, candidates.size()));
    }
}
