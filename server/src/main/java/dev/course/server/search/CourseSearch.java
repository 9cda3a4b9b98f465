package dev.course.server.search;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Chunker;
import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.LessonsCorpus;
import dev.course.engine.embed.EmbeddingCache;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.generate.train.TrainedModels;
import dev.course.engine.index.HnswConfig;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.Hit;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.VectorRetriever;
import dev.course.lessons.Course;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Search across the whole course, with the engine the course teaches: every lesson section
 * ({@link #sections}) chunked, indexed for BM25 and embedded with all-MiniLM-L6-v2, and the two rankings fused by
 * reciprocal rank fusion (the hybrid search of the retrieval track).
 *
 * <p>The index is built in the background when the server starts; the first search waits for it.
 * The sections' vectors are kept in an {@link EmbeddingCache}, so only a server that has not seen
 * these lessons before embeds them (about 15 seconds of CPU); later starts take a second or two.
 */
public final class CourseSearch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CourseSearch.class);
    /** How long a search waits for the index being built before giving up. */
    public static final long BUILD_WAIT_SECONDS = 120;
    /** Sections are short; a few hundred characters per chunk keeps hits pointed. */
    public static final Chunker CHUNKER = new Chunker(600, 100);

    /** Where the sections' vectors are kept between starts: {@code ~/.cache/course/embeddings}. */
    private static final EmbeddingCache VECTORS = new EmbeddingCache(TrainedModels.cacheDir().resolve("embeddings"));

    /** The longest query searched: longer ones are refused (embedding and ranking grow with the query). */
    public static final int MAX_QUERY_CHARS = 300;
    /** How many recent searches are remembered: a room searching the same words is answered from here. */
    static final int CACHE_ENTRIES = 256;

    private final CompletableFuture<Index> index;
    /** Recent results by query and count, least recently used first (guarded by itself). */
    private final java.util.LinkedHashMap<String, List<Result>> cache = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, List<Result>> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };
    /** Question words that Lucene's short stop list keeps but that highlight nothing useful. */
    private static final Set<String> EXTRA_STOP_WORDS = Set.of("why", "what", "how", "when", "where", "which", "who",
            "does", "make", "makes", "can", "should", "would", "could", "you", "your", "from", "have", "has", "about");

    /** A built index and its retriever. */
    private record Index(ChunkIndex lucene, Retriever retriever, EmbeddingModel model) {
    }

    /**
     * One hit, ready to show.
     *
     * @param title   "Lesson › Section"
     * @param url     the section's URL, with the query terms to highlight there
     * @param snippet the matching passage
     * @param terms   the query's words, for highlighting
     * @param score   the fused score
     */
    public record Result(String title, String url, String snippet, List<String> terms, double score) {
    }

    private CourseSearch(CompletableFuture<Index> index) {
        this.index = index;
    }

    /** Starts building the index of the course in the background. */
    public static CourseSearch start(Supplier<Course> course, Supplier<EmbeddingModel> model) {
        return new CourseSearch(CompletableFuture.supplyAsync(() -> build(course.get(), model.get()),
                runnable -> Thread.ofPlatform().daemon().name("course-search-index").start(runnable)));
    }

    private static Index build(Course course, EmbeddingModel model) {
        long start = System.nanoTime();
        List<Chunk> chunks = CHUNKER.chunkAll(sections(course));
        // The same lessons give the same vectors: embedded once, then read back at every start.
        List<float[]> vectors = VECTORS.embedAll(model, chunks.stream().map(Chunk::indexText).toList());
        ChunkIndex lucene = ChunkIndex.inMemory(chunks, vectors, model.name(), HnswConfig.DEFAULT);
        Retriever retriever = HybridRetriever.rrf(new Bm25Retriever(lucene), new VectorRetriever(lucene, model));
        LOG.info("course search: {} chunks from {} lessons indexed in {} ms", chunks.size(), course.lessons().size(),
                (System.nanoTime() - start) / 1_000_000);
        return new Index(lucene, retriever, model);
    }

    /**
     * One document per section of every lesson, cut by the engine's corpus layer as search and RAG cut
     * them: id {@code track/slug#anchor} ({@code #} alone for the lesson's opening), title "Lesson ›
     * Heading", source the section's URL with the page's own anchor; prose and visible code (so a search
     * for {@code normalise(} finds the cell), without hidden set-up cells, solutions or concept checks
     * (their explanations are the answers).
     */
    static List<Document> sections(Course course) {
        return course.lessons().stream()
                .flatMap(lesson -> new LessonsCorpus.LessonFile(lesson.sourceName(), lesson.markdown()).documents(false).stream())
                .toList();
    }

    /**
     * The best sections for a query, best first; the same query again is answered from a small cache.
     *
     * @throws IllegalArgumentException for a query longer than {@link #MAX_QUERY_CHARS}
     */
    public List<Result> search(String query, int k) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("a search is at most " + MAX_QUERY_CHARS + " characters, this one has " + query.length());
        }
        String key = k + "\u0000" + query;
        synchronized (cache) {
            List<Result> cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        List<Result> results = List.copyOf(rank(query, k));
        synchronized (cache) {
            cache.put(key, results);
        }
        return results;
    }

    private List<Result> rank(String query, int k) {
        Index built;
        try {
            built = index.get(BUILD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the course search index is not available: " + e.getMessage(), e);
        }
        List<String> terms = terms(query);
        Set<String> seenSections = new LinkedHashSet<>();
        List<Result> results = new ArrayList<>();
        for (Hit hit : built.retriever().search(query, k * 3).hits()) {
            Chunk chunk = hit.chunk();
            if (!seenSections.add(chunk.documentId())) {
                continue; // one result per section: its best chunk
            }
            String url = chunk.source();
            int hash = url.indexOf('#');
            String highlight = "?highlight=" + java.net.URLEncoder.encode(String.join(" ", terms), java.nio.charset.StandardCharsets.UTF_8);
            url = hash < 0 ? url + highlight : url.substring(0, hash) + highlight + url.substring(hash);
            results.add(new Result(chunk.title(), url, Snippets.around(chunk.text(), terms), terms, hit.score()));
            if (results.size() == k) {
                break;
            }
        }
        return results;
    }

    /** True once the index is built. */
    public boolean ready() {
        return index.isDone() && !index.isCompletedExceptionally();
    }

    /** The words of a query worth highlighting: lower-case, three letters or more, not an English stop word. */
    static List<String> terms(String query) {
        List<String> terms = new ArrayList<>();
        for (String word : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 3 && !terms.contains(word)
                    && !org.apache.lucene.analysis.en.EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(word)
                    && !EXTRA_STOP_WORDS.contains(word)) {
                terms.add(word);
            }
        }
        return terms;
    }

    @Override
    public void close() {
        index.thenAccept(built -> {
            try {
                built.lucene().close();
            } catch (Exception e) {
                LOG.debug("closing the search index failed", e);
            }
        });
    }
}
