package dev.course.server.cli;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.server.modelhub.StandInCrossEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./course eval}'s cross-encoder rows: there with an installed cross-encoder, and advice without one. */
class CrossEncoderPipelinesTest {

    private final String previous = System.getProperty("course.models");

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("course.models");
        } else {
            System.setProperty("course.models", previous);
        }
    }

    @Test
    void withoutACrossEncoderItSaysHowToGetOne(@TempDir Path models) throws Exception {
        System.setProperty("course.models", models.toString());
        var said = new ByteArrayOutputStream();
        var cross = CrossEncoderPipelines.open(null, new PrintStream(said, true, StandardCharsets.UTF_8));
        assertTrue(cross.isEmpty());
        assertTrue(said.toString(StandardCharsets.UTF_8).contains("./course models pull ms-marco-minilm-l6"), said.toString());
        assertEquals(List.of(), CrossEncoderPipelines.of(null, null, null));
    }

    @Test
    @Timeout(120)
    void anInstalledCrossEncoderReranksBm25sTop100(@TempDir Path models, @TempDir Path scratch) throws Exception {
        Assumptions.assumeTrue(StandInCrossEncoder.canWrite(), "python3-onnx writes the stand-in cross-encoder");
        StandInCrossEncoder.install(models, "stand-in-cross", scratch);
        System.setProperty("course.models", models.toString());
        var said = new ByteArrayOutputStream();
        try (var cross = CrossEncoderPipelines.open(null, new PrintStream(said, true, StandardCharsets.UTF_8)).orElseThrow()) {
            assertTrue(said.toString(StandardCharsets.UTF_8).contains("stand-in-cross (test/stand-in): ONNX, 2.0 MB, float32 weights"
                    + " [stand-in: " + StandInCrossEncoder.LABEL + "]"), said.toString());
            var bm25 = new Bm25Retriever(ChunkIndex.inMemory(List.of(Chunk.whole(new dev.course.engine.chunk.Document("a", "A", "java threads", "test")),
                    Chunk.whole(new dev.course.engine.chunk.Document("b", "B", "java streams and threads", "test")))));
            var rows = CrossEncoderPipelines.of(bm25, bm25, cross);
            assertEquals(List.of("bm25+cross", "hybrid+cross"), rows.stream().map(EvalCommand.Pipeline::id).toList());
            var reranked = rows.getFirst().retriever().search("java threads", 10);
            assertEquals(2, reranked.size());
            assertTrue(reranked.method().contains("cross-encoder(stand-in-cross)"), reranked.method());
        }
    }
}
