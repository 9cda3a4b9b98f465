package dev.course.server.cli;

import dev.course.engine.bench.EmbedBenchmark;
import dev.course.engine.corpus.Encoder;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/**
 * langchain4j's side of {@code ./course bench embed}: its own in-process model for the same encoder,
 * called the way its users call it. A class of its own so that langchain4j's classes are touched only
 * when the benchmark runs: only {@code bench} commands have them on their class path (the
 * {@code course} launcher adds {@code server/target/bench-lib}), and picocli reads every command's
 * methods when any command starts. Loading this class verifies {@link #forEncoder}, which needs
 * langchain4j's classes, so {@link BenchEmbedCommand} checks that they are there before it touches it.
 */
final class Langchain4jEmbedder {

    private Langchain4jEmbedder() {
    }

    /** langchain4j's model for {@code encoder}, as a text embedder for {@link EmbedBenchmark}. */
    static EmbedBenchmark.TextEmbedder forEncoder(Encoder encoder) {
        EmbeddingModel model = switch (encoder) {
            case MINILM -> new AllMiniLmL6V2EmbeddingModel();
            case BGE -> new BgeSmallEnV15QuantizedEmbeddingModel();
        };
        return texts -> model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(e -> e.vector()).toList();
    }
}
