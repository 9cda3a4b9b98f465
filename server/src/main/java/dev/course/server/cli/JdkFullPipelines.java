package dev.course.server.cli;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.ApiMember;
import dev.course.engine.corpus.CorpusIndex;
import dev.course.engine.corpus.JdkSearch;
import dev.course.engine.corpus.TypeUsage;
import dev.course.engine.eval.Dataset;
import dev.course.engine.eval.FusionWeights;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.rerank.MaxSimReranker;
import dev.course.engine.rerank.RerankingRetriever;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.Fusion;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.PriorRetriever;
import dev.course.engine.search.Retriever;

import java.util.ArrayList;
import java.util.List;

/**
 * The capstone's steps on {@code eval --dataset jdk-full}, one row each after the standard ones.
 * The index's documents already end with their names in words ({@link ApiMember#documentWithWords()}),
 * so the standard {@code bm25}, {@code dense-bge} and {@code hybrid} rows search them; the steps are:
 *
 * <ul>
 *   <li>{@code jdk-bm25-no-words}: BM25 over the same documents without that line, in an index of
 *       its own: what the words add to keyword search;</li>
 *   <li>on the test half ({@code @test}), with weights chosen on the development half by
 *       {@link FusionWeights}: {@code jdk-weighted@test} (keywords and dense),
 *       {@code jdk-weighted+usage@test} (a third list: the candidates ordered by how much the JDK's
 *       own code uses their type, {@link TypeUsage}) and {@code jdk-weighted+usage-deprecated@test}
 *       (the same prior, 0 for deprecated API: the engine's lists before the next steps) and
 *       {@code jdk-weighted+usage+module@test} (files of the type's own module counted too, for part
 *       of a file: that weight chosen on the development half as well);
 *       {@code jdk-weighted+type@test} (a fourth list: each candidate's type's cosine with the query),
 *       {@code jdk-weighted+type+dense-of@test} (the nearest vectors' list replaced by every
 *       candidate's own cosine), {@code jdk-weighted+type-members@test} (the members of the type
 *       nearest to the query added to the candidates: {@link JdkSearch}'s lists) and
 *       {@code jdk-weighted+everyday@test} (the documents nearest to the query among the everyday API
 *       added too, {@link dev.course.engine.corpus.EverydayNearest}: chosen on the development half, not confirmed on the test
 *       half, so not the engine's);</li>
 *   <li>{@code jdk-engine@test}: {@link JdkSearch#engine}, with the weights it ships
 *       ({@link JdkSearch#WEIGHTS}) and each member once on the first page
 *       ({@link JdkSearch#oneOverloadPerPage}, the one step after {@code jdk-weighted+type-members@test}'s
 *       lists): exactly what {@code ./course search --corpus jdk} runs; and
 *       {@code jdk-engine+rerank@test}, its top 100 reranked by MaxSim and fused with its order, what
 *       {@code search --corpus jdk --rerank maxsim} runs.</li>
 * </ul>
 */
final class JdkFullPipelines implements AutoCloseable {

    private final ChunkIndex withoutWords;
    private final CorpusIndex index;

    /** {@code index} holds {@code data}'s documents, with their words, and their BGE vectors. */
    JdkFullPipelines(Dataset data, CorpusIndex index) {
        this.index = index;
        this.withoutWords = ChunkIndex.inMemory(data.documents().stream().map(JdkFullPipelines::withoutWords)
                .map(Chunk::whole).toList());
    }

    /** The document without its last line if that is its names in words ({@link ApiMember#words}). */
    static Document withoutWords(Document document) {
        String words = "\n" + ApiMember.words(document.id());
        return !document.text().endsWith(words) ? document : new Document(document.id(), document.title(),
                document.text().substring(0, document.text().length() - words.length()), document.source());
    }

    /** The rows scored on every query: nothing in them is chosen on queries. */
    List<EvalCommand.Pipeline> onAllQueries() {
        return List.of(new EvalCommand.Pipeline("jdk-bm25-no-words", new Bm25Retriever(withoutWords)));
    }

    /** The rows scored on the test half, each fusion's weights chosen on {@code dev}, then the engine as shipped. */
    List<EvalCommand.Pipeline> onTestHalf(Dataset dev, ProgressBar progress) {
        progress.update("reading how the JDK's own code uses each type", 0, 1);
        TypeUsage usage = JdkSearch.usage(index);
        JdkSearch.Lists lists = JdkSearch.lists(index.chunks(), index.encoder().model(), usage, JdkSearch.Candidates.FUSED);
        var usageOnly = new PriorRetriever(HybridRetriever.rrf(lists.keywords(), lists.nearest()),
                chunk -> usage.prior(chunk.documentId()), "usage-with-deprecated");
        var rows = new ArrayList<EvalCommand.Pipeline>();
        rows.add(weighted("jdk-weighted", dev, List.of(lists.keywords(), lists.nearest()), progress));
        rows.add(weighted("jdk-weighted+usage", dev, List.of(lists.keywords(), lists.nearest(), usageOnly), progress));
        rows.add(weighted("jdk-weighted+usage-deprecated", dev, threeLists(lists), progress));
        rows.add(sameModule(dev, usage, progress));
        rows.add(weighted("jdk-weighted+type", dev, List.of(lists.keywords(), lists.nearest(), lists.usage(), lists.type()),
                progress));
        rows.add(weighted("jdk-weighted+type+dense-of", dev, lists.all(), progress));
        rows.add(weighted("jdk-weighted+type-members", dev,
                JdkSearch.lists(index.chunks(), index.encoder().model(), usage).all(), progress));
        rows.add(weighted("jdk-weighted+everyday", dev, JdkSearch.lists(index.chunks(), index.encoder().model(), usage,
                JdkSearch.Candidates.EVERYDAY).all(), progress));
        EvalCommand.Pipeline engine = engine(index);
        rows.add(engine);
        // What ./course search --corpus jdk --rerank maxsim runs: the engine's top 100 reranked by MaxSim.
        rows.add(new EvalCommand.Pipeline("jdk-engine+rerank" + EvalCommand.TEST_SUFFIX,
                new RerankingRetriever(engine.retriever(), new MaxSimReranker(index.encoder().model())).fusedWithFirstStage()));
        return rows;
    }

    /** {@code jdk-engine@test}: the engine as shipped, {@link JdkSearch#engine(CorpusIndex)}, nothing chosen here. */
    static EvalCommand.Pipeline engine(CorpusIndex index) {
        return new EvalCommand.Pipeline("jdk-engine" + EvalCommand.TEST_SUFFIX, JdkSearch.engine(index));
    }

    /**
     * {@code jdk-weighted+usage+module@test}: the usage prior counting a type's own module's files
     * too, their weight and the fusion's chosen together on {@code dev} (best nDCG@10 there).
     */
    private EvalCommand.Pipeline sameModule(Dataset dev, TypeUsage usage, ProgressBar progress) {
        List<Retriever> best = null;
        FusionWeights.Choice bestChoice = null;
        for (double weight : SAME_MODULE_WEIGHTS) {
            progress.update("choosing the same-module weight on the development half: " + weight, 0, 1);
            List<Retriever> parts = threeLists(JdkSearch.lists(index.chunks(), index.encoder().model(),
                    usage.withSameModuleWeight(weight), JdkSearch.Candidates.FUSED));
            FusionWeights.Choice choice = FusionWeights.choose(dev, parts, Fusion.Normalisation.MIN_MAX);
            if (bestChoice == null || choice.devNdcg10() > bestChoice.devNdcg10()) {
                best = List.of(parts.get(0), parts.get(1), renamed(parts.get(2), "usage+module" + weight));
                bestChoice = choice;
            }
        }
        return new EvalCommand.Pipeline("jdk-weighted+usage+module" + EvalCommand.TEST_SUFFIX,
                bestChoice.retriever(best, Fusion.Normalisation.MIN_MAX));
    }

    /** The engine's lists before the type's match and every candidate's own cosine: keywords, nearest vectors, usage. */
    private static List<Retriever> threeLists(JdkSearch.Lists lists) {
        return List.of(lists.keywords(), lists.nearest(), lists.usage());
    }

    /** The same-module weights tried. */
    static final List<Double> SAME_MODULE_WEIGHTS = List.of(0.05, 0.1, 0.25, 0.5, 1.0);

    /** {@code retriever} under another name, so that the row says which weight won. */
    private static Retriever renamed(Retriever retriever, String name) {
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

    private static EvalCommand.Pipeline weighted(String id, Dataset dev, List<Retriever> parts, ProgressBar progress) {
        progress.update("choosing the weights of " + id + " on the development half", 0, 1);
        FusionWeights.Choice choice = FusionWeights.choose(dev, parts, Fusion.Normalisation.MIN_MAX);
        return new EvalCommand.Pipeline(id + EvalCommand.TEST_SUFFIX, choice.retriever(parts, Fusion.Normalisation.MIN_MAX));
    }

    @Override
    public void close() throws java.io.IOException {
        withoutWords.close();
    }
}
