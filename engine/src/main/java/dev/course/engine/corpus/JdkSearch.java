package dev.course.engine.corpus;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.CandidateVectorRetriever;
import dev.course.engine.search.Fusion;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.LastQueryRetriever;
import dev.course.engine.search.OnePerKeyRetriever;
import dev.course.engine.search.PriorRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.VectorRetriever;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The capstone's engine: how the whole JDK's index is searched by {@code ./course search --corpus jdk}
 * and {@code ./course ask --source jdk}, and, by the same code, what {@code ./course eval --dataset
 * jdk-full} reports as {@code jdk-engine@test}. The candidates are the reciprocal rank fusion of
 * BM25 and the nearest vectors, and the members of the type whose own documentation is nearest to
 * the query ({@link NearestTypeMembers}); four lists score them, fused by a weighted sum of min-max
 * normalised scores ({@link HybridRetriever#weighted}):
 *
 * <ol>
 *   <li>{@code keywords}: BM25 over the documents, which end with their names in words
 *       ({@link ApiMember#documentWithWords()}: "count down latch await");</li>
 *   <li>{@code dense}: every candidate's cosine with the query (BGE, the query with its instruction
 *       prefix: {@link EmbeddingModel#embedQuery}), also for the candidates that only keyword search
 *       found ({@link CandidateVectorRetriever#own});</li>
 *   <li>{@code usage}: the candidates ordered by a prior alone: how many classes of libraries outside
 *       the JDK name the member (or, for a type's own document, the type) in their bytecode
 *       ({@link LibraryUsage}), and 0 for deprecated API ({@link ApiMember#isDeprecated}). Among
 *       candidates that match about equally well, {@code String#strip()} wins over an accessibility
 *       interface's method that shares its words, and {@code Objects#requireNonNull} over a rarely
 *       called member of the same everyday type;</li>
 *   <li>{@code type}: every candidate's type's cosine with the query (the type's own document in the
 *       index, {@link ApiMember#typeId}): "wait until several threads have finished" matches what
 *       {@code CountDownLatch} is for better than its {@code await()}'s one line, and lifts its members.</li>
 * </ol>
 *
 * The weights, {@link #WEIGHTS}, were chosen on the development half of the jdk-full questions
 * only (the odd ones; {@code eval} chooses them again on every run and prints both). Last, the
 * first page names each member once ({@link #oneOverloadPerPage}): the overloads of one member
 * match a question alike and would otherwise fill the page together.
 */
public final class JdkSearch {

    /**
     * The weights of keywords, dense, usage and type, chosen ({@link dev.course.engine.eval.FusionWeights})
     * on the development half of the jdk-full questions over the index of {@link JdkApiCorpus#all()},
     * with the usage prior of {@link LibraryUsage} (docs/measurements.md).
     */
    public static final List<Double> WEIGHTS = List.of(0.2, 0.45, 0.3, 0.05);

    /**
     * The four lists, in {@link #WEIGHTS}' order, and the nearest-neighbour search that, fused with
     * the keywords, gives the candidates ({@code nearest}: an earlier step of the capstone fuses it
     * directly).
     */
    public record Lists(Retriever keywords, Retriever dense, Retriever usage, Retriever type, Retriever nearest) {

        public Lists {
            Objects.requireNonNull(keywords, "keywords");
            Objects.requireNonNull(dense, "dense");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(nearest, "nearest");
        }

        /** The engine's lists, in {@link #WEIGHTS}' order. */
        public List<Retriever> all() {
            return List.of(keywords, dense, usage, type);
        }
    }

    private JdkSearch() {
    }

    /**
     * How many members of the type nearest to the query join the candidates ({@link NearestTypeMembers}),
     * chosen on the development half (30 against all of them, and the nearest type against three).
     */
    public static final int TYPE_MEMBERS = 30;

    /**
     * The usage prior a document needs to count as everyday API ({@link EverydayNearest}): 0.4 is a
     * type that 34 files of other modules use (211 of the 4,851 types counted, with their members).
     * Chosen on the development half with {@link #EVERYDAY_COUNT} (0.3, 0.4, 0.5, 0.6, 0.7 and 5,
     * 10, 20, 30 documents tried; docs/measurements.md).
     */
    public static final double EVERYDAY_PRIOR = 0.4;

    /** How many of the everyday documents nearest to the query join the candidates ({@link EverydayNearest}). */
    public static final int EVERYDAY_COUNT = 10;

    /**
     * What the candidates are, step by step of the capstone: the fusion of keywords and nearest
     * vectors; then also the nearest type's members (the engine's); then also the everyday documents
     * nearest to the query, a step that the development half chose and the test half did not confirm
     * (docs/measurements.md), so {@code eval} measures it and the engine leaves it out.
     */
    public enum Candidates {
        FUSED, TYPE_MEMBERS, EVERYDAY
    }

    /**
     * The engine's lists over {@code chunks} (whose vectors {@code model} made), with {@code usage} as
     * the prior: the candidates are the fusion of keywords and nearest vectors, and the members of the
     * type nearest to the query ({@link #TYPE_MEMBERS}).
     */
    public static Lists lists(ChunkIndex chunks, EmbeddingModel model, TypeUsage usage) {
        return lists(chunks, model, usage, Candidates.TYPE_MEMBERS);
    }

    /**
     * The lists over {@code chunks} with the {@code candidates} of an earlier step of the capstone,
     * which {@code eval} measures.
     */
    public static Lists lists(ChunkIndex chunks, EmbeddingModel model, TypeUsage usage, Candidates candidates) {
        Objects.requireNonNull(usage, "usage");
        return lists(chunks, model, chunk -> prior(usage, chunk), candidates);
    }

    /** The lists with {@code prior} as the usage list's score of a hit (in [0, 1]). */
    public static Lists lists(ChunkIndex chunks, EmbeddingModel model, ToDoubleFunction<Chunk> prior, Candidates candidates) {
        Objects.requireNonNull(prior, "prior");
        Objects.requireNonNull(candidates, "candidates");
        var keywords = new Bm25Retriever(chunks);
        var nearest = new VectorRetriever(chunks, model);
        Retriever found = HybridRetriever.rrf(keywords, nearest);
        if (candidates != Candidates.FUSED) {
            found = new NearestTypeMembers(found, chunks, model, TYPE_MEMBERS);
        }
        if (candidates == Candidates.EVERYDAY) {
            found = new EverydayNearest(found, chunks, model, prior, EVERYDAY_PRIOR, EVERYDAY_COUNT);
        }
        // Three lists rescore the same candidates: searched once per query, not three times.
        Retriever once = new LastQueryRetriever(found);
        var usagePrior = new PriorRetriever(once, prior, "usage");
        var dense = CandidateVectorRetriever.own(once, chunks, model);
        var type = CandidateVectorRetriever.of(once, chunks, model,
                hit -> chunks.firstChunkOf(ApiMember.typeId(hit.chunk().documentId())), "type");
        return new Lists(keywords, dense, usagePrior, type, nearest);
    }

    /**
     * The engine over {@code chunks}: the four lists, the usage prior from {@code usage}
     * ({@link #prior(LibraryUsage, Chunk)}), fused with {@link #WEIGHTS}, and a first page of
     * {@link #FIRST_PAGE} hits that names each member once ({@link #oneOverloadPerPage}).
     */
    public static Retriever engine(ChunkIndex chunks, EmbeddingModel model, LibraryUsage usage) {
        Objects.requireNonNull(usage, "usage");
        Lists lists = lists(chunks, model, chunk -> prior(usage, chunk), Candidates.TYPE_MEMBERS);
        return oneOverloadPerPage(HybridRetriever.weighted(lists.all(), WEIGHTS, Fusion.Normalisation.MIN_MAX));
    }

    /**
     * How many hits the first page holds, on which each member is named once: the page that
     * success@10 and MRR@10 judge and that {@code ./course search} shows by default.
     */
    public static final int FIRST_PAGE = 10;

    /**
     * {@code ranking} with each member once on its first page ({@link OnePerKeyRetriever}, the key
     * {@link ApiMember#memberName}): {@code Object#wait()}, {@code wait(long)} and {@code wait(long,int)}
     * match a question alike, and the best of them keeps its place while the others make room for a
     * different answer, just after the page.
     */
    public static Retriever oneOverloadPerPage(Retriever ranking) {
        return new OnePerKeyRetriever(ranking, chunk -> ApiMember.memberName(chunk.documentId()), FIRST_PAGE, "member");
    }

    /** The engine over an index of the whole JDK ({@link JdkApiCorpus#all()}). */
    public static Retriever engine(CorpusIndex index) {
        return engine(index.chunks(), index.encoder().model(), LibraryUsage.bundled());
    }

    /** True if {@code index} holds the whole JDK, which this engine searches. */
    public static boolean searches(CorpusIndex index) {
        return index.info().corpus().equals(JdkApiCorpus.all().name());
    }

    /**
     * The usage counts of the JDK's own sources that the index keeps ({@value TypeUsage#FILE}), which
     * the capstone's earlier steps in {@code eval} use (the engine's prior is {@link LibraryUsage}'s);
     * an index built before they were kept gets them counted now (10 to 20 seconds) and saved beside it.
     */
    public static TypeUsage usage(CorpusIndex index) {
        Path file = index.directory().resolve(TypeUsage.FILE);
        try {
            if (Files.isRegularFile(file)) {
                return TypeUsage.load(file);
            }
            TypeUsage counted = TypeUsage.of(JdkApiCorpus.defaultSourceZip());
            if (Files.isWritable(index.directory())) {
                counted.save(file);
            }
            return counted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the usage counts " + file, e);
        }
    }

    /** A hit's prior: its type's usage ({@link TypeUsage#prior}), or 0 when it is deprecated. */
    public static double prior(TypeUsage usage, Chunk chunk) {
        return ApiMember.isDeprecated(chunk) ? 0 : usage.prior(chunk.documentId());
    }

    /** The engine's prior of a hit: its member's (or type's) use in libraries ({@link LibraryUsage#prior}), or 0 when it is deprecated. */
    public static double prior(LibraryUsage usage, Chunk chunk) {
        return ApiMember.isDeprecated(chunk) ? 0 : usage.prior(chunk.documentId());
    }
}
