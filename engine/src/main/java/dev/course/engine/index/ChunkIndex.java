package dev.course.engine.index;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Span;
import dev.course.engine.embed.EmbeddingModel;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * A Lucene index of chunks: every chunk is one Lucene document that holds
 * <ul>
 *   <li>its stored fields (id, document id, title, text, source, span), so a hit can be shown
 *       and traced back to its source without any other store;
 *   <li>a full-text field {@value #BODY} (title and text, analysed with {@link EnglishAnalyzer}:
 *       lowercased, stop words removed, Porter-stemmed) for BM25;
 *   <li>optionally a {@value #VECTOR} field: the chunk's embedding, in an HNSW graph, compared by
 *       dot product (the vectors are unit length, so that is the cosine).
 * </ul>
 * On disk ({@link FSDirectory}) the index is reopened with {@link #open(Path)} without embedding
 * anything again; the name and size of the model that made the vectors are kept in the commit's
 * user data so a search with another model is refused instead of returning nonsense.
 */
public final class ChunkIndex implements AutoCloseable {

    public static final String ID = "id";
    public static final String DOCUMENT_ID = "document_id";
    public static final String TITLE = "title";
    public static final String TEXT = "text";
    public static final String SOURCE = "source";
    public static final String SPAN_START = "span_start";
    public static final String SPAN_END = "span_end";
    public static final String BODY = "body";
    public static final String VECTOR = "vector";

    static final String MODEL_KEY = "embedding.model";
    static final String DIMENSION_KEY = "embedding.dimension";

    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Map<String, String> userData;
    private volatile float[][] vectorsByDoc;

    private ChunkIndex(Directory directory) throws IOException {
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
        this.userData = Map.copyOf(SegmentInfos.readLatestCommit(directory).getUserData());
    }

    /** The analyzer used for the {@value #BODY} field, also to be used for queries. */
    public static Analyzer newAnalyzer() {
        return new EnglishAnalyzer();
    }

    /** A BM25-only index in memory. */
    public static ChunkIndex inMemory(List<Chunk> chunks) {
        return inMemory(chunks, null);
    }

    /** An index in memory with embeddings from {@code model} (may be null for BM25 only). */
    public static ChunkIndex inMemory(List<Chunk> chunks, EmbeddingModel model) {
        return build(new ByteBuffersDirectory(), chunks, model, HnswConfig.DEFAULT);
    }

    /**
     * Writes a new index into the (empty or absent) directory {@code dir}, embedding the chunks with
     * {@code model} (null for BM25 only), and opens it.
     */
    public static ChunkIndex create(Path dir, List<Chunk> chunks, EmbeddingModel model, HnswConfig hnsw) throws IOException {
        return build(openEmptyDirectory(dir), chunks, model, hnsw);
    }

    /** Like {@link #create} with vectors that were computed elsewhere (one per chunk, in order). */
    public static ChunkIndex create(Path dir, List<Chunk> chunks, List<float[]> vectors, String modelName,
                                    HnswConfig hnsw) throws IOException {
        return create(dir, chunks, vectors, modelName, hnsw, added -> { });
    }

    /**
     * Like {@link #create(Path, List, List, String, HnswConfig)}, telling {@code added} how many
     * chunks are in after each one: Lucene inserts every vector into the HNSW graph as it is added,
     * so this is also the progress of the graph build.
     */
    public static ChunkIndex create(Path dir, List<Chunk> chunks, List<float[]> vectors, String modelName,
                                    HnswConfig hnsw, IntConsumer added) throws IOException {
        Directory directory = openEmptyDirectory(dir);
        write(directory, chunks, vectors, modelName, hnsw, added);
        return new ChunkIndex(directory);
    }

    /** An index in memory of chunks with vectors computed elsewhere (one per chunk, in order). */
    public static ChunkIndex inMemory(List<Chunk> chunks, List<float[]> vectors, String modelName, HnswConfig hnsw) {
        try {
            Directory directory = new ByteBuffersDirectory();
            write(directory, chunks, vectors, modelName, hnsw, added -> { });
            return new ChunkIndex(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reopens an index written by {@link #create}. Nothing is re-embedded. */
    public static ChunkIndex open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no index at " + dir.toAbsolutePath());
        }
        Directory directory = FSDirectory.open(dir);
        if (!DirectoryReader.indexExists(directory)) {
            directory.close();
            throw new IllegalArgumentException("no index at " + dir.toAbsolutePath());
        }
        return new ChunkIndex(directory);
    }

    private static Directory openEmptyDirectory(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Files.createDirectories(dir);
        Directory directory = FSDirectory.open(dir);
        if (DirectoryReader.indexExists(directory)) {
            directory.close();
            throw new IllegalArgumentException("there is already an index at " + dir.toAbsolutePath()
                    + "; open it with ChunkIndex.open or delete it first");
        }
        return directory;
    }

    private static ChunkIndex build(Directory directory, List<Chunk> chunks, EmbeddingModel model, HnswConfig hnsw) {
        try {
            List<float[]> vectors = model == null ? null : model.embedAll(chunks.stream().map(Chunk::indexText).toList());
            write(directory, chunks, vectors, model == null ? null : model.name(), hnsw, added -> { });
            return new ChunkIndex(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Directory directory, List<Chunk> chunks, List<float[]> vectors, String modelName,
                              HnswConfig hnsw, IntConsumer added) throws IOException {
        if (vectors != null && vectors.size() != chunks.size()) {
            throw new IllegalArgumentException(vectors.size() + " vectors for " + chunks.size() + " chunks");
        }
        KnnVectorsFormat vectorsFormat = hnsw.format();
        var config = new IndexWriterConfig(newAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                // One large segment: a single HNSW graph to search, as a benchmark should measure.
                .setRAMBufferSizeMB(1024)
                .setCodec(new Lucene104Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return vectorsFormat;
                    }
                });
        try (var writer = new IndexWriter(directory, config)) {
            for (int i = 0; i < chunks.size(); i++) {
                writer.addDocument(toLucene(chunks.get(i), vectors == null ? null : vectors.get(i)));
                added.accept(i + 1);
            }
            var data = new HashMap<String, String>();
            if (vectors != null && !vectors.isEmpty()) {
                data.put(MODEL_KEY, Objects.requireNonNull(modelName, "modelName"));
                data.put(DIMENSION_KEY, String.valueOf(vectors.getFirst().length));
            }
            writer.setLiveCommitData(data.entrySet());
            writer.commit();
        }
    }

    private static Document toLucene(Chunk chunk, float[] vector) {
        var doc = new Document();
        doc.add(new StringField(ID, chunk.id(), Field.Store.YES));
        doc.add(new StringField(DOCUMENT_ID, chunk.documentId(), Field.Store.YES));
        doc.add(new StoredField(TITLE, chunk.title()));
        doc.add(new StoredField(TEXT, chunk.text()));
        doc.add(new StoredField(SOURCE, chunk.source()));
        doc.add(new StoredField(SPAN_START, chunk.span().start()));
        doc.add(new StoredField(SPAN_END, chunk.span().end()));
        doc.add(new TextField(BODY, chunk.indexText(), Field.Store.NO));
        if (vector != null) {
            doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        }
        return doc;
    }

    public IndexSearcher searcher() {
        return searcher;
    }

    public Analyzer analyzer() {
        return analyzer;
    }

    /** How many chunks the index holds. */
    public int size() {
        return reader.numDocs();
    }

    /** The name of the model whose vectors are indexed, if any. */
    public Optional<String> embeddingModel() {
        return Optional.ofNullable(userData.get(MODEL_KEY));
    }

    public boolean hasVectors() {
        return userData.containsKey(MODEL_KEY);
    }

    /** Throws unless this index holds vectors made by {@code model}. */
    public void requireVectorsFrom(EmbeddingModel model) {
        String indexed = userData.get(MODEL_KEY);
        if (indexed == null) {
            throw new IllegalStateException("this index has no vectors; build it with an EmbeddingModel");
        }
        if (!indexed.equals(model.name())) {
            throw new IllegalArgumentException("the index holds " + indexed + " vectors; queries embedded with "
                    + model.name() + " would not be comparable");
        }
    }

    /**
     * The Lucene document of the first chunk of the document {@code documentId}, or -1 if the index
     * holds none: how a hit finds another document's stored vector (see {@link #vectors()}).
     */
    public int firstChunkOf(String documentId) {
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(DOCUMENT_ID, documentId)), 1);
            return top.scoreDocs.length == 0 ? -1 : top.scoreDocs[0].doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every document id the index holds, in order, with the Lucene document of its first chunk:
     * read from the terms of {@value #DOCUMENT_ID}, not from the stored documents, so it is quick
     * even for the whole JDK. Ids that share a prefix are neighbours ({@link TreeMap#subMap}).
     */
    public TreeMap<String, Integer> firstChunkByDocumentId() {
        var out = new TreeMap<String, Integer>();
        try {
            Terms terms = MultiTerms.getTerms(reader, DOCUMENT_ID);
            if (terms == null) {
                return out;
            }
            TermsEnum ids = terms.iterator();
            for (BytesRef id = ids.next(); id != null; id = ids.next()) {
                PostingsEnum postings = MultiTerms.getTermPostingsEnum(reader, DOCUMENT_ID, id, PostingsEnum.NONE);
                if (postings != null && postings.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
                    out.put(id.utf8ToString(), postings.docID());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chunk stored as Lucene document {@code docId}. */
    public Chunk chunk(int docId) {
        try {
            Document d = searcher.storedFields().document(docId);
            return new Chunk(d.get(ID), d.get(DOCUMENT_ID), d.get(TITLE), d.get(TEXT), d.get(SOURCE),
                    new Span(d.getField(SPAN_START).numericValue().intValue(), d.getField(SPAN_END).numericValue().intValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every indexed vector by Lucene document id, read back from the index (not recomputed) on first
     * use and then kept in memory: the input of exact search.
     */
    public float[][] vectors() {
        float[][] local = vectorsByDoc;
        if (local == null) {
            synchronized (this) {
                if (vectorsByDoc == null) {
                    vectorsByDoc = readVectors();
                }
                local = vectorsByDoc;
            }
        }
        return local;
    }

    private float[][] readVectors() {
        if (!hasVectors()) {
            throw new IllegalStateException("this index has no vectors");
        }
        float[][] out = new float[reader.maxDoc()][];
        try {
            for (LeafReaderContext leaf : reader.leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
                if (values == null) {
                    continue;
                }
                KnnVectorValues.DocIndexIterator it = values.iterator();
                for (int doc = it.nextDoc(); doc != KnnVectorValues.DocIndexIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    out[leaf.docBase + doc] = values.vectorValue(it.index()).clone();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }
}
