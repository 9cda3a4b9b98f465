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
import org.apache.lucene.search.similarities.BM25Similarity;
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
 *
 * <p>k1 and b can be chosen ({@link #Bm25Retriever(ChunkIndex, double, double)}): Lucene stores only
 * each chunk's length in the index and applies k1 and b when it scores, so one index serves every
 * setting. Choose them on development queries, never on the ones you report (see the BM25 lesson).
 */
public final class Bm25Retriever implements Retriever {

    /** Lucene's default saturation: the score of a term approaches its limit as it repeats. */
    public static final double DEFAULT_K1 = 1.2;
    /** Lucene's default length normalisation: 0 ignores length, 1 divides fully by relative length. */
    public static final double DEFAULT_B = 0.75;

    private final ChunkIndex index;
    private final double k1;
    private final double b;
    private final IndexSearcher searcher;

    /** BM25 with Lucene's defaults, k1 = 1.2 and b = 0.75. */
    public Bm25Retriever(ChunkIndex index) {
        this(index, DEFAULT_K1, DEFAULT_B);
    }

    /**
     * BM25 with the given parameters.
     *
     * @param k1 saturation, finite and >= 0 (0: a term counts the same however often it occurs)
     * @param b  length normalisation, in [0, 1]
     */
    public Bm25Retriever(ChunkIndex index, double k1, double b) {
        this.index = Objects.requireNonNull(index, "index");
        if (!Double.isFinite(k1) || k1 < 0) {
            throw new IllegalArgumentException("k1 must be finite and >= 0, got " + k1);
        }
        if (!(b >= 0 && b <= 1)) {
            throw new IllegalArgumentException("b must be in [0, 1], got " + b);
        }
        this.k1 = k1;
        this.b = b;
        if (k1 == DEFAULT_K1 && b == DEFAULT_B) {
            this.searcher = index.searcher();
        } else {
            // A searcher of our own over the same reader: changing the shared one's similarity would
            // change every other retriever of this index too.
            this.searcher = new IndexSearcher(index.searcher().getIndexReader());
            this.searcher.setSimilarity(new BM25Similarity((float) k1, (float) b));
        }
    }

    /** {@code bm25} with the defaults, {@code bm25(k1=0.9,b=0.4)} otherwise, so tables tell settings apart. */
    @Override
    public String name() {
        return k1 == DEFAULT_K1 && b == DEFAULT_B ? "bm25" : String.format(java.util.Locale.ROOT, "bm25(k1=%s,b=%s)", k1, b);
    }

    /** The saturation parameter this retriever scores with. */
    public double k1() {
        return k1;
    }

    /** The length-normalisation parameter this retriever scores with. */
    public double b() {
        return b;
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
            Explanation explanation = searcher.explain(query(query), hit.luceneDoc());
            return ScoreExplanation.fromLucene(query, hit.chunk().id(), explanation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
