package dev.course.engine.rerank;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Span;
import dev.course.engine.generate.ModelResolver;
import dev.course.engine.search.Hit;
import dev.course.engine.search.SearchResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cross-encoder path end to end through ONNX Runtime, with a real ONNX file. No trained
 * cross-encoder can be downloaded here, so the test builds one whose scores are known: Debian's
 * {@code python3-onnx} writes a graph with the inputs of a BERT cross-encoder ({@code input_ids},
 * {@code attention_mask}, {@code token_type_ids}, shape {@code [batch, tokens]}) and a {@code [batch, 1]}
 * logit that counts the passage's tokens (segment 1, not padding) equal to the word "java". Its
 * scores then say whether the reranker pairs query and passage in the right segments, masks padding
 * in a batch, reads one logit per pair, and orders the candidates by it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrossEncoderRerankerTest {

    private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    /** Debian's Python, where apt installs python3-onnx (a python3 earlier on the PATH may be another one). */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final int JAVA_ID = 9262;                 // "java" in the MiniLM (bert-base-uncased) vocabulary

    /** Writes model.onnx to argv[1]: logit = sum over tokens of weight[id] * token_type * mask. */
    private static final String MAKE_MODEL = """
            import sys
            import numpy as np
            import onnx
            from onnx import helper, TensorProto, numpy_helper
            vocab, relevant = int(sys.argv[2]), int(sys.argv[3])
            weights = np.zeros((vocab,), dtype=np.float32)
            weights[relevant] = 1.0
            inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "tokens"])
                      for n in ("input_ids", "attention_mask", "token_type_ids")]
            output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1])
            nodes = [
                helper.make_node("Gather", ["weights", "input_ids"], ["per_token"], axis=0),
                helper.make_node("Cast", ["token_type_ids"], ["segment"], to=TensorProto.FLOAT),
                helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
                helper.make_node("Mul", ["per_token", "segment"], ["in_passage"]),
                helper.make_node("Mul", ["in_passage", "mask"], ["counted"]),
                helper.make_node("ReduceSum", ["counted", "axes"], ["logits"], keepdims=1),
            ]
            graph = helper.make_graph(nodes, "counting-cross-encoder", inputs, [output],
                                      initializer=[numpy_helper.from_array(weights, "weights"),
                                                   numpy_helper.from_array(np.array([1], dtype=np.int64), "axes")])
            model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
            model.ir_version = 7
            model.producer_name = "course-test"
            onnx.helper.set_model_props(model, {"course.stand_in": "counts the word java"})
            onnx.checker.check_model(model)
            onnx.save(model, sys.argv[1])
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeModel() throws Exception {
        assumeTrue(pythonHasOnnx(), "python3 with the onnx package is needed to write the test's cross-encoder "
                + "(apt-get install python3-onnx; CI installs it)");
        try (InputStream tokenizer = CrossEncoderRerankerTest.class.getResourceAsStream(MINILM_TOKENIZER)) {
            Files.copy(tokenizer, dir.resolve(CrossEncoderReranker.TOKENIZER_FILE));
        }
        Path script = dir.resolve("make_model.py");
        Files.writeString(script, MAKE_MODEL);
        Process python = new ProcessBuilder(PYTHON, script.toString(), dir.resolve(CrossEncoderReranker.MODEL_FILE).toString(),
                "30522", Integer.toString(JAVA_ID)).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS) && python.exitValue() == 0, "writing the ONNX model failed: " + output);
    }

    @Test
    void scoresEachPairWithTheModelsLogitCountingOnlyThePassageSegment() throws Exception {
        try (CrossEncoderReranker reranker = CrossEncoderReranker.load(dir)) {
            float[] scores = reranker.score("is java fast?", List.of(
                    "Java has a JIT compiler; java code gets faster as it runs.",
                    "Cats sleep most of the day.",
                    "OpenJDK Java"));
            // "java" in the query is segment 0 and is not counted; padding of the shorter passages is masked
            assertArrayEquals(new float[]{2, 0, 1}, scores, 1e-6f);
        }
    }

    @Test
    void reranksCandidatesByTheLogitAcrossBatches() throws Exception {
        int candidates = CrossEncoderReranker.BATCH_SIZE + 5;            // more than one ONNX call
        var hits = new java.util.ArrayList<Hit>();
        for (int i = 0; i < candidates; i++) {
            String text = i == candidates - 1 ? "java java java" : i == 3 ? "about java" : "nothing relevant " + i;
            hits.add(new Hit(new Chunk("doc" + i, "doc" + i, "", text, "test", new Span(0, text.length())), candidates - i, i));
        }
        try (CrossEncoderReranker reranker = CrossEncoderReranker.load(dir)) {
            SearchResults reranked = reranker.rerank("java", new SearchResults("java", "bm25", hits));
            assertEquals("doc" + (candidates - 1), reranked.hits().get(0).chunk().id(), "three mentions first: " + reranked);
            assertEquals("doc3", reranked.hits().get(1).chunk().id(), "one mention second: " + reranked);
            assertEquals(3.0, reranked.hits().get(0).score(), 1e-6);
            assertEquals(candidates, reranked.hits().size());
        }
    }

    @Test
    void findsAnInstalledCrossEncoderByItsManifestAndSaysWhatItsFileIs(@TempDir Path models) throws Exception {
        Path folder = Files.createDirectories(models.resolve("tiny-cross"));
        Files.copy(dir.resolve(CrossEncoderReranker.MODEL_FILE), folder.resolve(CrossEncoderReranker.MODEL_FILE));
        Files.copy(dir.resolve(CrossEncoderReranker.TOKENIZER_FILE), folder.resolve(CrossEncoderReranker.TOKENIZER_FILE));
        Files.createDirectories(models.resolve("a-generator")).resolve(ModelResolver.PULLED_MANIFEST).toFile().createNewFile();
        Files.createDirectories(models.resolve("unfinished-cross")).resolve(CrossEncoderReranker.MODEL_FILE).toFile().createNewFile();
        assertEquals(List.of(), InstalledCrossEncoder.all(models), "no manifest yet: a pull that did not finish");

        Files.writeString(folder.resolve(ModelResolver.PULLED_MANIFEST),
                "{\"name\": \"tiny-cross\", \"kind\": \"cross-encoder\", \"repo\": \"test/tiny-cross\"}");
        InstalledCrossEncoder found = InstalledCrossEncoder.all(models).getFirst();
        assertEquals("tiny-cross", found.name());
        assertEquals("course-test", found.summary().producer());
        assertEquals("float32", found.summary().weightType(), "the one initializer is a float32 table of 30522");
        assertTrue(found.summary().standIn());
        assertTrue(found.describe().startsWith("tiny-cross (test/tiny-cross): ONNX, 0.1 MB, float32 weights [stand-in: counts"),
                found.describe());
        assertEquals(java.util.Optional.of(found), InstalledCrossEncoder.named(models, "tiny-cross"));
        assertEquals(java.util.Optional.empty(), InstalledCrossEncoder.named(models, "../tiny-cross"));
        try (CrossEncoderReranker reranker = CrossEncoderReranker.open(found)) {
            assertArrayEquals(new float[]{1}, reranker.score("q", List.of("java")), 1e-6f);
            assertEquals("cross-encoder(tiny-cross)", reranker.name());
        }
    }

    private static boolean pythonHasOnnx() {
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import onnx, numpy").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
