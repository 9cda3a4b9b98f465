package dev.course.server.cli;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.corpus.ApiWords;
import dev.course.engine.corpus.DeprecatedApi;
import dev.course.engine.corpus.Encoder;
import dev.course.engine.corpus.JdkApiCorpus;
import dev.course.engine.corpus.TypeUsage;
import dev.course.engine.eval.Dataset;
import dev.course.engine.eval.FusionWeights;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.Fusion;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.PriorRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.VectorRetriever;

import java.util.ArrayList;
import java.util.List;

/**
 * The capstone's steps on {@code eval --dataset jdk-full}, one row each after the standard ones:
 *
 * <ul>
 *   <li>{@code jdk-bm25+words}: BM25 over the documents with their names in words ({@link ApiWords}:
 *       "count down latch await" for {@code CountDownLatch#await()}), in an index of its own;</li>
 *   <li>{@code jdk-hybrid+words}: RRF of that and the index's BGE vectors (which were embedded
 *       without the words: re-embedding 54,000 documents takes about 20 minutes);</li>
 *   <li>on the test half ({@code @test}), with everything chosen on the development half by
 *       {@link FusionWeights}: {@code jdk-weighted+words@test} (weighted min-max fusion of the two),
 *       {@code jdk-weighted+usage@test} (a third list, the candidates ordered by how much the JDK's own
 *       code uses their type, {@link TypeUsage}) and {@code jdk-weighted+usage-deprecated@test} (the
 *       same prior, 0 for deprecated API, {@link DeprecatedApi}).</li>
 * </ul>
 */
final class JdkFullPipelines implements AutoCloseable {

    private final ChunkIndex withWords;
    private final Retriever bm25Words;
    private final Retriever bge;
    private final HybridRetriever hybridWords;

    /** Indexes {@code data}'s documents with their names in words; {@code bgeIndex} holds their BGE vectors. */
    JdkFullPipelines(Dataset data, ChunkIndex bgeIndex) {
        this.withWords = ChunkIndex.inMemory(data.documents().stream().map(ApiWords::withWords).map(Chunk::whole).toList());
        this.bm25Words = named(new Bm25Retriever(withWords), "bm25+words");
        this.bge = new VectorRetriever(bgeIndex, Encoder.BGE.model());
        this.hybridWords = HybridRetriever.rrf(bm25Words, bge);
    }

    /** The rows scored on every query: nothing in them is chosen on queries. */
    List<EvalCommand.Pipeline> onAllQueries() {
        return List.of(new EvalCommand.Pipeline("jdk-bm25+words", bm25Words),
                new EvalCommand.Pipeline("jdk-hybrid+words", hybridWords));
    }

    /** The rows scored on the test half, each fusion's weights chosen on {@code dev}. */
    List<EvalCommand.Pipeline> onTestHalf(Dataset data, Dataset dev, ProgressBar progress) {
        progress.update("counting how the JDK's own code uses each type", 0, 1);
        TypeUsage usage = TypeUsage.of(JdkApiCorpus.defaultSourceZip());
        DeprecatedApi deprecated = DeprecatedApi.of(data.documents());
        var usagePrior = new PriorRetriever(hybridWords, usage::prior, "usage");
        var usageNotDeprecated = new PriorRetriever(hybridWords,
                id -> deprecated.contains(id) ? 0 : usage.prior(id), "usage-not-deprecated");
        var rows = new ArrayList<EvalCommand.Pipeline>();
        rows.add(new EvalCommand.Pipeline("jdk-hybrid+words" + EvalCommand.TEST_SUFFIX, hybridWords));
        rows.add(weighted("jdk-weighted+words", dev, List.of(bm25Words, bge), progress));
        rows.add(weighted("jdk-weighted+usage", dev, List.of(bm25Words, bge, usagePrior), progress));
        rows.add(weighted("jdk-weighted+usage-deprecated", dev, List.of(bm25Words, bge, usageNotDeprecated), progress));
        return rows;
    }

    private static EvalCommand.Pipeline weighted(String id, Dataset dev, List<Retriever> parts, ProgressBar progress) {
        progress.update("choosing the weights of " + id + " on the development half", 0, 1);
        FusionWeights.Choice choice = FusionWeights.choose(dev, parts, Fusion.Normalisation.MIN_MAX);
        return new EvalCommand.Pipeline(id + EvalCommand.TEST_SUFFIX, choice.retriever(parts, Fusion.Normalisation.MIN_MAX));
    }

    @Override
    public void close() throws java.io.IOException {
        withWords.close();
    }

    /** {@code retriever} under another name, so that rows say which BM25 they fuse. */
    private static Retriever named(Retriever retriever, String name) {
        return new Retriever() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public dev.course.engine.search.SearchResults search(String query, int k) {
                return retriever.search(query, k);
            }
        };
    }
}
