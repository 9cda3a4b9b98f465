package dev.course.engine.search;

import dev.course.engine.index.ChunkIndex;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * BM25 with pseudo-relevance feedback by RM3 query expansion, the classic way to rewrite a query:
 * search once, assume the top documents are relevant, learn from them which words relevant
 * documents use, and search again with those words added.
 *
 * <ol>
 *   <li>BM25 ranks the collection for the query; the top {@code fbDocs} chunks are the feedback.
 *   <li>Each feedback chunk's words give a distribution {@code P(t|d) = count(t, d) / length(d)},
 *       and the chunks are weighted by their BM25 scores, rescaled to sum to 1 (a stand-in for the
 *       query likelihood of the original relevance model). Their weighted sum is the relevance
 *       model {@code P(t|R)}: words that are frequent in the best documents score high.
 *   <li>Its {@code fbTerms} most probable words are kept and rescaled to sum to 1.
 *   <li>The original query, as a distribution {@code P(t|Q) = count(t, Q) / length(Q)}, is mixed
 *       in: {@code weight(t) = originalQueryWeight * P(t|Q) + (1 - originalQueryWeight) * P(t|R)}.
 *       This is the "3" of RM3; without it (RM1) the expansion can drift away from the question.
 *   <li>BM25 runs again with every word boosted by its weight.
 * </ol>
 * Words are analysed as the index analyses them (stemmed, stop words gone); words without a
 * letter (numbers) are not used for expansion, since a number shared by the top documents is rarely
 * what the question is about. The defaults are those of Anserini's RM3 (10 documents, 10 terms,
 * original query weight 0.5). When the first search finds nothing, the query is searched as is.
 */
public final class Rm3Retriever implements Retriever {

    public static final int DEFAULT_FB_DOCS = 10;
    public static final int DEFAULT_FB_TERMS = 10;
    public static final double DEFAULT_ORIGINAL_QUERY_WEIGHT = 0.5;

    private final Bm25Retriever bm25;
    private final int fbDocs;
    private final int fbTerms;
    private final double originalQueryWeight;

    /** RM3 with the default parameters. */
    public Rm3Retriever(ChunkIndex index) {
        this(index, DEFAULT_FB_DOCS, DEFAULT_FB_TERMS, DEFAULT_ORIGINAL_QUERY_WEIGHT);
    }

    public Rm3Retriever(ChunkIndex index, int fbDocs, int fbTerms, double originalQueryWeight) {
        Objects.requireNonNull(index, "index");
        if (fbDocs < 1) {
            throw new IllegalArgumentException("fbDocs must be >= 1, got " + fbDocs);
        }
        if (fbTerms < 1) {
            throw new IllegalArgumentException("fbTerms must be >= 1, got " + fbTerms);
        }
        if (!(originalQueryWeight >= 0 && originalQueryWeight <= 1)) {
            throw new IllegalArgumentException("originalQueryWeight must be in [0, 1], got " + originalQueryWeight);
        }
        this.bm25 = new Bm25Retriever(index);
        this.fbDocs = fbDocs;
        this.fbTerms = fbTerms;
        this.originalQueryWeight = originalQueryWeight;
    }

    @Override
    public String name() {
        return "bm25+rm3(fbDocs=" + fbDocs + ", fbTerms=" + fbTerms + ", originalQueryWeight=" + originalQueryWeight + ")";
    }

    /**
     * The expanded query: each term with its weight, highest first. The weights sum to 1 (when the
     * query has analysed terms and the feedback documents have words).
     */
    public Map<String, Double> expand(String query) {
        Map<String, Integer> queryCounts = bm25.termCounts(query);
        int queryLength = queryCounts.values().stream().mapToInt(Integer::intValue).sum();
        var weights = new HashMap<String, Double>();
        queryCounts.forEach((term, count) -> weights.put(term, originalQueryWeight * count / queryLength));
        relevanceModel(bm25.search(query, fbDocs).hits())
                .forEach((term, p) -> weights.merge(term, (1 - originalQueryWeight) * p, Double::sum));
        var sorted = new LinkedHashMap<String, Double>();
        weights.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** P(t|R) over the feedback hits, cut to the {@code fbTerms} most probable terms and rescaled to sum to 1. */
    Map<String, Double> relevanceModel(List<Hit> feedback) {
        double totalScore = feedback.stream().mapToDouble(Hit::score).sum();
        var model = new HashMap<String, Double>();
        for (Hit hit : feedback) {
            double documentWeight = totalScore > 0 ? hit.score() / totalScore : 1.0 / feedback.size();
            Map<String, Integer> counts = countTerms(hit.chunk().indexText());
            int length = counts.values().stream().mapToInt(Integer::intValue).sum();
            counts.forEach((term, count) -> model.merge(term, documentWeight * count / length, Double::sum));
        }
        List<Map.Entry<String, Double>> top = model.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(fbTerms)
                .toList();
        double kept = top.stream().mapToDouble(Map.Entry::getValue).sum();
        var normalised = new LinkedHashMap<String, Double>();
        top.forEach(e -> normalised.put(e.getKey(), e.getValue() / kept));
        return normalised;
    }

    /** The analysed terms of {@code text} that contain a letter, with their counts. */
    private Map<String, Integer> countTerms(String text) {
        Map<String, Integer> counts = bm25.termCounts(text);
        counts.keySet().removeIf(term -> term.chars().noneMatch(Character::isLetter));
        return counts;
    }

    @Override
    public SearchResults search(String query, int k) {
        Map<String, Double> expanded = expand(query);
        SearchResults results = expanded.isEmpty() ? bm25.search(query, k)
                : bm25.search(query, Bm25Retriever.weightedQuery(expanded), k);
        return new SearchResults(query, name(), results.hits());
    }
}
