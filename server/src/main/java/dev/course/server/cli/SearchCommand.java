package dev.course.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.corpus.CorpusIndex;
import dev.course.engine.corpus.CorpusSource;
import dev.course.engine.corpus.Encoder;
import dev.course.engine.corpus.JdkSearch;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.rerank.CrossEncoderReranker;
import dev.course.engine.rerank.DenseRescoringReranker;
import dev.course.engine.rerank.MaxSimReranker;
import dev.course.engine.rerank.RerankingRetriever;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.Hit;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.Retriever;
import dev.course.engine.search.SearchResults;
import dev.course.engine.search.VectorRetriever;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course search "query" [--corpus ...] [--mode bm25|dense|hybrid] [--rerank none|maxsim|dense|cross:PATH]
 * [--k N] [--json]}: searches a corpus's index (built first if it is missing); the whole JDK's
 * index in hybrid mode with {@link JdkSearch#engine}, the pipeline that {@code eval --dataset jdk-full}
 * reports as {@code jdk-engine@test}. {@code --json}
 * prints one object per hit:
 * {@code {"rank": 1, "score": …, "id": …, "document": …, "title": …, "source": …, "text": …}}.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search a corpus by keywords (BM25), by meaning (dense vectors), or both (hybrid), optionally reranked.")
public final class SearchCommand implements Callable<Integer> {

    /** How the first stage ranks. */
    enum Mode {
        BM25, DENSE, HYBRID;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Parameters(index = "0", paramLabel = "QUERY", description = "What to search for.")
    String query;

    @Option(names = "--corpus", paramLabel = "jdk|lessons|DIR", defaultValue = "jdk",
            description = "The corpus to search (default: ${DEFAULT-VALUE}); its index is built on first use.")
    String corpus;

    @Option(names = "--index", paramLabel = "DIR", description = "The index folder, if not the corpus's default in ~/.cache/course/indexes.")
    Path indexDir;

    @Option(names = "--mode", paramLabel = "bm25|dense|hybrid", defaultValue = "hybrid",
            description = "bm25 (keywords), dense (meaning, HNSW) or hybrid (both, fused by reciprocal rank; for --corpus jdk, "
                    + "the capstone's engine: keywords, meaning and how much the JDK uses each type, fused with weights "
                    + "chosen on the jdk-full development questions) (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--rerank", paramLabel = "none|maxsim|dense|cross:PATH", defaultValue = "none",
            description = "Reorder the first stage's top 100: maxsim (late interaction over token vectors) or dense "
                    + "(bi-encoder rescoring), each fused with the first stage's order; cross:PATH (an ONNX cross-encoder "
                    + "in PATH, model.onnx + tokenizer.json), whose order replaces it (default: ${DEFAULT-VALUE}).")
    String rerank;

    @Option(names = {"-k", "--k"}, paramLabel = "N", defaultValue = "10", converter = OptionRanges.AtLeastOne.class, description = "How many hits (default: ${DEFAULT-VALUE}).")
    int k;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        CorpusSource source = CorpusSource.parse(corpus);
        Path dir = CorpusIndexes.directory(source, indexDir);
        try (CorpusIndex index = CorpusIndexes.openOrBuild(source, dir, Encoder.DEFAULT, System.err)) {
            EmbeddingModel model = index.encoder().model();
            Retriever retriever = withReranker(firstStage(index, model), model);
            SearchResults results = retriever.search(query, k);
            if (json.on()) {
                printJson(results);
            } else {
                System.out.print(results.table());
            }
        }
        return 0;
    }

    private Retriever firstStage(CorpusIndex index, EmbeddingModel model) {
        var bm25 = new Bm25Retriever(index.chunks());
        return switch (mode) {
            case BM25 -> bm25;
            case DENSE -> new VectorRetriever(index.chunks(), model);
            // The whole JDK is searched by the capstone's engine, the pipeline eval --dataset jdk-full measures.
            case HYBRID -> JdkSearch.searches(index) ? JdkSearch.engine(index)
                    : HybridRetriever.rrf(bm25, new VectorRetriever(index.chunks(), model));
        };
    }

    private Retriever withReranker(Retriever first, EmbeddingModel model) throws Exception {
        String choice = rerank.toLowerCase(Locale.ROOT);
        if (choice.equals("none")) {
            return first;
        }
        if (choice.equals("maxsim")) {
            return new RerankingRetriever(first, new MaxSimReranker(model)).fusedWithFirstStage();
        }
        if (choice.equals("dense")) {
            return new RerankingRetriever(first, new DenseRescoringReranker(model)).fusedWithFirstStage();
        }
        if (choice.startsWith("cross:")) {
            return new RerankingRetriever(first, CrossEncoderReranker.load(Path.of(rerank.substring("cross:".length()))));
        }
        throw new UserError("unknown --rerank " + rerank + ": expected none, maxsim, dense or cross:PATH");
    }

    private static void printJson(SearchResults results) throws Exception {
        var mapper = new ObjectMapper();
        for (int i = 0; i < results.size(); i++) {
            Hit hit = results.get(i);
            var line = new LinkedHashMap<String, Object>();
            line.put("rank", i + 1);
            line.put("score", hit.score());
            line.put("id", hit.chunk().id());
            line.put("document", hit.chunk().documentId());
            line.put("title", hit.chunk().title());
            line.put("source", hit.chunk().source());
            line.put("text", hit.chunk().text());
            line.put("method", results.method());
            System.out.println(mapper.writeValueAsString(line));
        }
    }
}
