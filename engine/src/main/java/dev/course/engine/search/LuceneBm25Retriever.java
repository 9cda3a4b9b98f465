package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plain Lucene BM25, built the way a Lucene tutorial builds it, as the reference the course's own
 * keyword search is measured against: whole documents, {@link EnglishAnalyzer} (lowercase, English
 * stop words, Porter stemming), {@link org.apache.lucene.search.similarities.BM25Similarity} with its
 * defaults (k1 = 1.2, b = 0.75), and the query as Lucene's classic query parser makes it from plain
 * words: one optional clause per analysed query token, repeated tokens included.
 *
 * <p>It keeps its own index so that nothing of the course's indexing (chunks, stored spans,
 * vectors) can leak into the reference. {@link Fields} says which fields the words are indexed in.
 */
public final class LuceneBm25Retriever implements Retriever {

    /** How the title and the text are indexed. */
    public enum Fields {
        /** One field {@value #CONTENTS}: the title, a newline, the text. */
        TITLE_AND_TEXT,
        /**
         * Two fields {@value #TITLE} and {@value #TEXT}, each with its own BM25 statistics; every
         * query token is searched in both and the two scores add up, as Lucene's multi-field query
         * parser does. A title match then counts as a match in a short field, which BM25 rewards.
         */
        TITLE_PLUS_TEXT
    }

    static final String CONTENTS = "contents";
    static final String TITLE = "title";
    static final String TEXT = "text";

    private final List<Document> documents;
    private final Fields fields;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final IndexSearcher searcher;

    /** Indexes {@code documents} (in memory) in the given fields. */
    public LuceneBm25Retriever(List<Document> documents, Fields fields) {
        this.documents = List.copyOf(documents);
        this.fields = Objects.requireNonNull(fields, "fields");
        var directory = new ByteBuffersDirectory();
        try (var writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
            for (Document d : this.documents) {
                var doc = new org.apache.lucene.document.Document();
                if (fields == Fields.TITLE_AND_TEXT) {
                    doc.add(new TextField(CONTENTS, d.title().isEmpty() ? d.text() : d.title() + "\n" + d.text(), Field.Store.NO));
                } else {
                    doc.add(new TextField(TITLE, d.title(), Field.Store.NO));
                    doc.add(new TextField(TEXT, d.text(), Field.Store.NO));
                }
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
            writer.commit();
            this.searcher = new IndexSearcher(DirectoryReader.open(directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The analyser and the fields, for tables: e.g. {@code "lucene-bm25(EnglishAnalyzer, title+text in one field)"}. */
    @Override
    public String name() {
        return "lucene-bm25(EnglishAnalyzer, " + (fields == Fields.TITLE_AND_TEXT
                ? "title+text in one field)" : "title and text fields, scores summed)");
    }

    /** The Lucene query for {@code text}: a SHOULD clause per analysed token and field. */
    public Query query(String text) {
        var builder = new BooleanQuery.Builder();
        List<String> fieldNames = fields == Fields.TITLE_AND_TEXT ? List.of(CONTENTS) : List.of(TITLE, TEXT);
        try (TokenStream stream = analyzer.tokenStream(CONTENTS, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                for (String field : fieldNames) {
                    builder.add(new TermQuery(new Term(field, term.toString())), BooleanClause.Occur.SHOULD);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder.build();
    }

    @Override
    public SearchResults search(String query, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        try {
            var hits = new ArrayList<Hit>();
            for (ScoreDoc sd : searcher.search(query(query), k).scoreDocs) {
                hits.add(new Hit(Chunk.whole(documents.get(sd.doc)), sd.score, sd.doc));
            }
            return new SearchResults(query, name(), hits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
