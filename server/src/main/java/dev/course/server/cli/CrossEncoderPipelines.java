package dev.course.server.cli;

import dev.course.engine.rerank.CrossEncoderReranker;
import dev.course.engine.rerank.InstalledCrossEncoder;
import dev.course.engine.rerank.RerankingRetriever;
import dev.course.engine.search.Retriever;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cross-encoder rows of {@code ./course eval}: {@code bm25+cross} (BM25's top 100 in the
 * cross-encoder's order: the reranking lesson's pipeline) and {@code hybrid+cross} (the same over
 * the hybrid's top 100). The cross-encoder is the folder {@code --cross-encoder DIR} names, else the
 * one {@code ./course models pull} installed; with neither, the command says how to get one and
 * scores the other pipelines.
 */
final class CrossEncoderPipelines {

    /** What {@code models pull} takes for the catalog's cross-encoder. */
    static final String CATALOG_NAME = "ms-marco-minilm-l6";

    private CrossEncoderPipelines() {
    }

    /**
     * The cross-encoder to score with, saying on {@code out} which one (or how to get one).
     *
     * @param dir {@code --cross-encoder DIR}, or null for the installed one
     */
    static Optional<CrossEncoderReranker> open(Path dir, PrintStream out) throws IOException {
        if (dir != null) {
            out.println("eval: cross-encoder from " + dir.toAbsolutePath());
            return Optional.of(CrossEncoderReranker.load(dir));
        }
        Optional<InstalledCrossEncoder> installed = InstalledCrossEncoder.find();
        if (installed.isEmpty()) {
            out.println("eval: no cross-encoder installed, so no bm25+cross row; './course models pull " + CATALOG_NAME
                    + "' installs one (or --cross-encoder DIR uses a folder with model.onnx and tokenizer.json)");
            return Optional.empty();
        }
        out.println("eval: cross-encoder " + installed.get().describe());
        return Optional.of(CrossEncoderReranker.open(installed.get()));
    }

    /** The rows for {@code cross}, none without one. */
    static List<EvalCommand.Pipeline> of(Retriever bm25, Retriever hybrid, CrossEncoderReranker cross) {
        var rows = new ArrayList<EvalCommand.Pipeline>();
        if (cross != null) {
            rows.add(new EvalCommand.Pipeline("bm25+cross", new RerankingRetriever(bm25, cross)));
            rows.add(new EvalCommand.Pipeline("hybrid+cross", new RerankingRetriever(hybrid, cross)));
        }
        return rows;
    }
}
