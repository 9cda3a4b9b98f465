package dev.course.engine.search;

import dev.course.engine.index.ChunkIndex;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lexical search with BM25, Lucene's default similarity: a chunk scores for each query term it
 * contains, more for rare terms (idf) and for repeated terms, with diminishing returns (k1 = 1.2)
 * and a discount for long chunks (b = 0.75).
 *
 * <p>The query is analysed like the indexed text (English stemming and stop words), and its terms
 * are OR-ed: a chunk need not contain every term. A term the query repeats counts as often as it
 * occurs (its clause is boosted by its count), exactly as in Lucene's classic query parser: a long
 * query that says "heat" three times is mostly about heat. {@link #explain} shows how much each
 * term contributed to a hit's score.
 */
public final class Bm25Retriever implements Retriever {

    private final ChunkIndex index;

    public Bm25Retriever(ChunkIndex index) {
        this.index = Objects.requireNonNull(index, "index");
    }

    @Override
    public String name() {
        return "bm25";
    }

    /** The analysed terms of {@code query}, each once: what BM25 actually searches for. */
    public List<String> terms(String query) {
        return new ArrayList<>(termCounts(query).keySet());
    }

    /** How often each analysed term occurs in {@code query}, in order of first occurrence (a new map, the caller's to change). */
    public Map<String, Integer> termCounts(String query) {
        var counts = new LinkedHashMap<String, Integer>();
        try (TokenStream stream = index.analyzer().tokenStream(ChunkIndex.BODY, query)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                counts.merge(term.toString(), 1, Integer::sum);
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    /** The Lucene query: one optional clause per analysed term, boosted by how often the query says it. */
    public Query query(String query) {
        var weights = new LinkedHashMap<String, Double>();
        termCounts(query).forEach((term, count) -> weights.put(term, count.doubleValue()));
        return weightedQuery(weights);
    }

    /**
     * One optional clause per term of {@code weights}, each boosted by its weight: the query that
     * both plain BM25 (weights are term counts) and {@link Rm3Retriever} (weights are probabilities) run.
     */
    public static Query weightedQuery(Map<String, Double> weights) {
        var builder = new BooleanQuery.Builder();
        weights.forEach((term, weight) -> {
            Query clause = new TermQuery(new Term(ChunkIndex.BODY, term));
            builder.add(weight == 1.0 ? clause : new BoostQuery(clause, weight.floatValue()), BooleanClause.Occur.SHOULD);
        });
        return builder.build();
    }

    @Override
    public SearchResults search(String query, int k) {
        return search(query, query(query), k);
    }

    /** The best {@code k} chunks for an already built Lucene query; {@code text} is what the results say was searched. */
    SearchResults search(String text, Query luceneQuery, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        try {
            IndexSearcher searcher = index.searcher();
            TopDocs top = searcher.search(luceneQuery, k);
            var hits = new ArrayList<Hit>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                hits.add(new Hit(index.chunk(sd.doc), sd.score, sd.doc));
            }
            return new SearchResults(text, name(), hits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why {@code hit} scored what it did for {@code query}, term by term. */
    public ScoreExplanation explain(String query, Hit hit) {
        try {
            Explanation explanation = index.searcher().explain(query(query), hit.luceneDoc());
            return ScoreExplanation.fromLucene(query, hit.chunk().id(), explanation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
