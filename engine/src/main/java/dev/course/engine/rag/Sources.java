package dev.course.engine.rag;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Chunker;
import dev.course.engine.chunk.ChunkingStrategy;
import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.CorpusIndex;
import dev.course.engine.corpus.FolderCorpus;
import dev.course.engine.corpus.JdkApiCorpus;
import dev.course.engine.corpus.JdkSearch;
import dev.course.engine.corpus.LessonsCorpus;
import dev.course.engine.corpus.UnreadableIndexException;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.VectorRetriever;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Ready-made {@link KnowledgeSource}s: the course lessons, a folder of your own notes, the JDK's
 * documentation, or any documents. Each is chunked and indexed in memory: BM25 and, with a model,
 * vectors, their min-max normalised scores added with {@link #BM25_WEIGHT} for BM25 (the weighted
 * fusion of the retrieval lessons, {@link HybridRetriever#weighted}).
 */
public final class Sources {

    /** Passages of a few sentences: small enough to cite precisely, big enough to carry context. */
    public static final Chunker CHUNKER = new Chunker(700, 120);
    /**
     * BM25's share of a hybrid source's fused score; the vectors get the rest. Why not reciprocal rank
     * fusion: a prompt holds five passages, and RRF, which keeps only ranks, let MiniLM's 30th-ranked
     * guess pull BM25's first hit below fifth when the question's words are rare ones the lesson uses
     * (multi-step retrieval, greedy decoding). Adding normalised scores keeps how far ahead a hit is.
     * Chosen on the development part of the course's question set: the middle of the run of weights
     * (0.475-0.6) that score the best coverage there, with the held-out part printed beside it
     * ({@code FusionWeightFitTest}, docs/measurements.md "Weighted fusion").
     */
    public static final double BM25_WEIGHT = 0.55;
    /** What the lessons source is about, for routing. */
    public static final String LESSONS_DESCRIPTION = "The course lessons: vectors, cosine similarity and embeddings; "
            + "tokenisation; search with BM25, vector indexes, hybrid search and reranking; transformer language "
            + "models, attention, sampling, RoPE, the KV cache and training; retrieval-augmented generation, "
            + "citations, query rewriting, routing and tool use.";
    /** What the JDK source is about, for routing. */
    public static final String JDK_DESCRIPTION = "The Java standard library documentation (Javadoc of java.lang, "
            + "java.util and friends): classes and methods such as String, List, Map, HashMap, streams, "
            + "collections, exceptions, threads, and what each method returns or throws.";

    private Sources() {
    }

    /** A source over {@code documents}: hybrid BM25 + vectors with {@code model} ({@link #BM25_WEIGHT}), or BM25 alone when it is null. */
    public static KnowledgeSource of(String name, String description, List<Document> documents, EmbeddingModel model) {
        return of(name, description, documents, model, CHUNKER);
    }

    /** A source over {@code documents} cut by {@code chunking}: to compare ways of chunking on the same questions. */
    public static KnowledgeSource of(String name, String description, List<Document> documents, EmbeddingModel model,
                                     ChunkingStrategy chunking) {
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("the source '" + name + "' has no documents");
        }
        List<Chunk> chunks = chunking.chunkAll(documents);
        ChunkIndex index = ChunkIndex.inMemory(chunks, model);
        Retriever retriever = model == null ? new Bm25Retriever(index)
                : HybridRetriever.weighted(List.of(new Bm25Retriever(index), new VectorRetriever(index, model)),
                        hybridWeights(BM25_WEIGHT));
        return new KnowledgeSource(name, description, retriever, chunks.size());
    }

    /**
     * BM25's weight and the vectors' (the rest), rounded to three decimals so that a retriever's name
     * reads {@code [0.55, 0.45]} rather than {@code 0.44999999999999996}.
     */
    static List<Double> hybridWeights(double bm25Weight) {
        return List.of(bm25Weight, Math.round((1 - bm25Weight) * 1000) / 1000.0);
    }

    /**
     * The course lessons: packaged on the class path when the course runs, else read from
     * {@code lessons/content} (or {@code ../lessons/content}) of a checkout.
     */
    public static KnowledgeSource lessons(EmbeddingModel model) {
        return of("lessons", LESSONS_DESCRIPTION, lessonDocuments(), model);
    }

    /** The lessons of one track only ({@code transformers}, {@code rag}, ...): a small index that builds in seconds. */
    public static KnowledgeSource lessons(EmbeddingModel model, String track) {
        List<Document> documents = lessonDocuments().stream().filter(d -> d.id().startsWith(track + "/")).toList();
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("no lessons in a track called '" + track + "'");
        }
        String titles = String.join("; ", documents.stream().map(d -> d.title().replaceFirst(" › .*", "")).distinct().toList());
        return of(track + "-lessons", "The course lessons of the " + track + " track: " + titles + ".", documents, model);
    }

    /** The lessons' passages ({@link LessonsCorpus#passages()}) from wherever they can be found. */
    public static List<Document> lessonDocuments() {
        return LessonsCorpus.find().passages();
    }

    /** Your own folder, read as {@link FolderCorpus} reads it (the same files {@code ./course index --corpus DIR} indexes). */
    public static KnowledgeSource folder(Path dir, String description, EmbeddingModel model) {
        return of(dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(), description,
                folderDocuments(dir), model);
    }

    /** The documents of {@code dir} as {@link FolderCorpus} reads them; ids relative to it. */
    public static List<Document> folderDocuments(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such folder: " + dir.toAbsolutePath());
        }
        List<Document> documents = new FolderCorpus(dir).documents();
        if (documents.isEmpty()) {
            throw new IllegalArgumentException(dir + " has no " + FolderCorpus.FILE_TYPES.stream().sorted()
                    .map(type -> "." + type).collect(java.util.stream.Collectors.joining(", ")) + " files with text");
        }
        return documents;
    }

    /**
     * The source a command line names: {@code lessons}, {@code jdk}, or the path of a folder. For
     * {@code jdk}, an index built by {@code ./course index --corpus jdk} (the corpus package's
     * {@link CorpusIndex}) is searched the way {@code ./course search --corpus jdk} searches it
     * ({@link JdkSearch}) when there is one; otherwise the core packages are read from the JDK and
     * searched with BM25 ({@link #jdk()}).
     */
    public static KnowledgeSource named(String spec, EmbeddingModel model) {
        return switch (spec) {
            case "lessons" -> lessons(model);
            case "jdk" -> {
                Path stored = CorpusIndex.defaultDirectory(JdkApiCorpus.all());
                if (CorpusIndex.exists(stored)) {
                    try {
                        CorpusIndex index = CorpusIndex.open(stored);
                        yield new KnowledgeSource("jdk", JDK_DESCRIPTION, JdkSearch.engine(index), index.chunks().size());
                    } catch (UnreadableIndexException e) {
                        // An index of an older version: the core Javadoc below still answers, and
                        // ./course index --corpus jdk builds the index again.
                        System.err.println(e.getMessage() + "; using the core packages until ./course index --corpus jdk rebuilds it");
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open the JDK index at " + stored, e);
                    }
                }
                yield jdk();
            }
            default -> {
                Path dir = Path.of(spec);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("unknown source '" + spec + "': expected lessons, jdk, or a folder");
                }
                yield folder(dir, "Your own notes in " + dir.toAbsolutePath().normalize() + ": "
                        + String.join(", ", folderDocuments(dir).stream().limit(12).map(Document::title).toList()), model);
            }
        };
    }

    /**
     * The JDK's core packages ({@link JdkApiCorpus#CORE_PACKAGES}), one passage per type and
     * documented member as the corpus package's one JDK reader gives them, as a BM25 source
     * (thousands of passages: embedding them would take minutes on a laptop, so this one is
     * searched by words alone).
     */
    public static KnowledgeSource jdk() {
        return of("jdk", JDK_DESCRIPTION, JdkApiCorpus.ofPackages(JdkApiCorpus.CORE_PACKAGES).withWords().documents(), null);
    }
}
