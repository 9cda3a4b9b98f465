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
 *   <li>{@code usage}: the candidates ordered by a prior alone: how many files of the JDK's own
 *       sources, outside a type's module, use it ({@link TypeUsage}), and 0 for deprecated API
 *       ({@link ApiMember#isDeprecated}). Among candidates that match about equally well,
 *       {@code String#strip()} wins over an accessibility interface's method that shares its words;</li>
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
     * The weights of keywords, dense, usage and type, as {@code ./course eval --dataset jdk-full}
     * chose them on the development half over the index of {@link JdkApiCorpus#all()} with its names
     * in words ({@code jdk-weighted+type-members@test}'s weights; docs/measurements.md).
     */
    public static final List<Double> WEIGHTS = List.of(0.25, 0.35, 0.3, 0.1);

    /**
     * How much a file of a type's own module counts in its usage ({@link TypeUsage#withSameModuleWeight}),
     * chosen on the development half as the weights are.
     */
    public static final double SAME_MODULE_WEIGHT = 0;

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
        Objects.requireNonNull(candidates, "candidates");
        var keywords = new Bm25Retriever(chunks);
        var nearest = new VectorRetriever(chunks, model);
        Retriever found = HybridRetriever.rrf(keywords, nearest);
        if (candidates != Candidates.FUSED) {
            found = new NearestTypeMembers(found, chunks, model, TYPE_MEMBERS);
        }
        if (candidates == Candidates.EVERYDAY) {
            found = new EverydayNearest(found, chunks, model, chunk -> prior(usage, chunk), EVERYDAY_PRIOR, EVERYDAY_COUNT);
        }
        // Three lists rescore the same candidates: searched once per query, not three times.
        Retriever once = new LastQueryRetriever(found);
        var usagePrior = new PriorRetriever(once, chunk -> prior(usage, chunk), "usage");
        var dense = CandidateVectorRetriever.own(once, chunks, model);
        var type = CandidateVectorRetriever.of(once, chunks, model,
                hit -> chunks.firstChunkOf(ApiMember.typeId(hit.chunk().documentId())), "type");
        return new Lists(keywords, dense, usagePrior, type, nearest);
    }

    /**
     * The engine over {@code chunks}: the four lists, the usage counted with {@link #SAME_MODULE_WEIGHT},
     * fused with {@link #WEIGHTS}, and a first page of {@link #FIRST_PAGE} hits that names each member
     * once ({@link #oneOverloadPerPage}).
     */
    public static Retriever engine(ChunkIndex chunks, EmbeddingModel model, TypeUsage usage) {
        return oneOverloadPerPage(HybridRetriever.weighted(lists(chunks, model, usage.withSameModuleWeight(SAME_MODULE_WEIGHT)).all(),
                WEIGHTS, Fusion.Normalisation.MIN_MAX));
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
        return engine(index.chunks(), index.encoder().model(), usage(index));
    }

    /** True if {@code index} holds the whole JDK, which this engine searches. */
    public static boolean searches(CorpusIndex index) {
        return index.info().corpus().equals(JdkApiCorpus.all().name());
    }

    /**
     * The usage counts the index keeps ({@value TypeUsage#FILE}); an index built before they were
     * kept gets them counted now from the JDK's sources (10 to 20 seconds) and saved beside it.
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
}
