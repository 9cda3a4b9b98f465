package dev.course.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.bench.BenchmarkTexts;
import dev.course.engine.bench.EmbedBenchmark;
import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.Encoder;
import dev.course.engine.corpus.JdkApiCorpus;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.eval.CranfieldReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code course bench embed [--json]}: sentences per second of the engine's encoders and of
 * langchain4j's {@code embedAll} on the same model files and the same texts, in one run (warm-up,
 * then three alternating rounds per side, best kept), with the ratio and how closely the vectors
 * agree. Texts: Javadoc sentences of {@code java.lang} and {@code java.util} (always available),
 * or Cranfield sentences with {@code --dataset cranfield:PATH}.
 * {@code --json}: one line per model,
 * {@code {"bench": "embed", "model": …, "ours_sps": …, "langchain4j_sps": …, "ratio": …, …}}.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Sentences/s of our embedding pipeline against langchain4j's embedAll, same model and texts, same run.")
public final class BenchEmbedCommand implements Callable<Integer> {

    /** A class of langchain4j's (loaded, not initialised) that is there only with {@code server/target/bench-lib}. */
    private static final String LANGCHAIN4J_MODEL = "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel";

    @Mixin
    JsonOption json;

    @Option(names = "--texts", paramLabel = "N", defaultValue = "1000", description = "Texts per round (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--model", paramLabel = "minilm|bge|all", defaultValue = "all", description = "Which encoder (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dataset", paramLabel = "cranfield:PATH",
            description = "Take sentences from the Cranfield abstracts instead of the JDK's Javadoc.")
    String dataset;

    @Override
    public Integer call() throws Exception {
        try {
            Class.forName(LANGCHAIN4J_MODEL, false, BenchEmbedCommand.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UserError("langchain4j is not on the class path: run it as './course bench embed'"
                    + " (the launcher adds server/target/bench-lib for bench commands only)");
        }
        List<String> texts;
        try (var progress = ProgressBar.onStderr()) {
            texts = texts(progress);
        }
        if (texts == null) {
            return 0;
        }
        for (Encoder encoder : model.equals("all") ? List.of(Encoder.values()) : List.of(Encoder.byName(model))) {
            EmbedBenchmark.Result result;
            try (var progress = ProgressBar.onStderr();
                 var _ = progress.ticker("measuring " + encoder.spec().name() + " on " + texts.size()
                         + " texts (warm-up, then 3 rounds each side)");
                 EmbeddingModel ours = EmbeddingModel.load(encoder.spec(), EmbeddingModel.defaultThreads(),
                         EmbeddingModel.DEFAULT_LONG_TEXT_POLICY)) {
                result = EmbedBenchmark.run(encoder.spec().name(), ours::embedAll, Langchain4jEmbedder.forEncoder(encoder), texts);
            }
            if (json.on()) {
                var line = new LinkedHashMap<String, Object>();
                line.put("bench", "embed");
                line.put("model", result.model());
                line.put("texts", result.texts());
                line.put("ours_sps", Math.round(result.oursPerSecond() * 10) / 10.0);
                line.put("langchain4j_sps", Math.round(result.baselinePerSecond() * 10) / 10.0);
                line.put("ratio", Math.round(result.speedup() * 1000) / 1000.0);
                line.put("mean_cosine", Math.round(result.meanCosine() * 100_000) / 100_000.0);
                line.put("min_cosine", Math.round(result.minCosine() * 100_000) / 100_000.0);
                line.put("threads", EmbeddingModel.defaultThreads());
                System.out.println(new ObjectMapper().writeValueAsString(line));
            } else {
                System.out.print(result.table().toString().replace("baseline", "langchain4j"));
            }
        }
        return 0;
    }

    private List<String> texts(ProgressBar progress) throws Exception {
        if (dataset != null) {
            if (!dataset.startsWith("cranfield:")) {
                throw new UserError("--dataset must be cranfield:PATH");
            }
            Path dir = Path.of(dataset.substring("cranfield:".length()));
            if (!CranfieldReader.isPresent(dir)) {
                System.err.println("bench embed: no Cranfield collection at " + dir.toAbsolutePath() + ": skipped");
                return null;
            }
            return BenchmarkTexts.sentences(CranfieldReader.read(dir).documents(), count);
        }
        List<Document> docs = JdkApiCorpus.ofPackages(List.of("java.lang", "java.util")).documents(progress);
        List<String> out = docs.stream().map(Document::text).limit(count).toList();
        if (out.size() < count) {
            throw new IllegalStateException("only " + out.size() + " JDK texts; ask for fewer with --texts");
        }
        return out;
    }
}
