package dev.course.server.modelhub;

import dev.course.engine.embed.OnnxFileSummary;
import dev.course.engine.generate.ModelResolver;
import dev.course.engine.rerank.CrossEncoderReranker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the MS MARCO MiniLM cross-encoder, for tests: no trained cross-encoder can be
 * downloaded here, so Debian's {@code python3-onnx} writes a small ONNX graph of a cross-encoder's
 * shape (inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids} of
 * {@code [batch, tokens]}; output {@code logits} of {@code [batch, 1]}) with random weights: token and
 * segment embeddings, tanh, a masked sum over the tokens, a linear head. Its file carries the
 * metadata {@value OnnxFileSummary#STAND_IN_KEY}, so every cell that uses it says it is a stand-in.
 * Its tokenizer is the bundled MiniLM one (the same bert-base-uncased vocabulary as the real model).
 */
public final class StandInCrossEncoder {

    /** Debian's Python, where apt installs python3-onnx (a python3 earlier on the PATH may be another one). */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    /** What the stand-in's metadata says it is. */
    public static final String LABEL = "random weights, not a trained model";

    private static final String MAKE_MODEL = """
            import sys
            import numpy as np
            import onnx
            from onnx import helper, TensorProto, numpy_helper
            rng = np.random.default_rng(11)
            vocab, hidden = 30522, 16
            init = lambda name, shape: numpy_helper.from_array(rng.normal(0, 1, shape).astype(np.float32), name)
            inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "tokens"])
                      for n in ("input_ids", "attention_mask", "token_type_ids")]
            output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1])
            nodes = [
                helper.make_node("Gather", ["word", "input_ids"], ["words"], axis=0),
                helper.make_node("Gather", ["segment", "token_type_ids"], ["segments"], axis=0),
                helper.make_node("Add", ["words", "segments"], ["embedded"]),
                helper.make_node("Tanh", ["embedded"], ["hidden"]),
                helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
                helper.make_node("Unsqueeze", ["mask", "last"], ["mask3"]),
                helper.make_node("Mul", ["hidden", "mask3"], ["masked"]),
                helper.make_node("ReduceSum", ["masked", "tokens_axis"], ["pooled"], keepdims=0),
                helper.make_node("MatMul", ["pooled", "head"], ["scores"]),
                helper.make_node("Add", ["scores", "bias"], ["logits"]),
            ]
            graph = helper.make_graph(nodes, "stand-in-cross-encoder", inputs, [output], initializer=[
                init("word", (vocab, hidden)), init("segment", (2, hidden)), init("head", (hidden, 1)), init("bias", (1,)),
                numpy_helper.from_array(np.array([2], dtype=np.int64), "last"),
                numpy_helper.from_array(np.array([1], dtype=np.int64), "tokens_axis")])
            model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
            model.ir_version = 7
            model.producer_name = "course stand-in"
            helper.set_model_props(model, {"course.stand_in": sys.argv[2]})
            onnx.checker.check_model(model)
            onnx.save(model, sys.argv[1])
            """;

    private StandInCrossEncoder() {
    }

    /** Whether python3 with onnx and numpy is here to write it (CI installs python3-onnx). */
    public static boolean canWrite() {
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import onnx, numpy").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The stand-in's ONNX file, written through a scratch folder. */
    public static byte[] onnx(Path scratch) throws IOException, InterruptedException {
        Path script = scratch.resolve("make_stand_in.py");
        Path model = scratch.resolve("stand-in.onnx");
        Files.writeString(script, MAKE_MODEL);
        Process python = new ProcessBuilder(PYTHON, script.toString(), model.toString(), LABEL).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
            throw new IOException("writing the stand-in cross-encoder failed: " + output);
        }
        return Files.readAllBytes(model);
    }

    /** The tokenizer.json that goes with it. */
    public static byte[] tokenizer() throws IOException {
        try (InputStream in = StandInCrossEncoder.class.getResourceAsStream(TOKENIZER)) {
            return in.readAllBytes();
        }
    }

    /** Installs the stand-in as model {@code name} in the models folder {@code root}, manifest and all (no hub). */
    public static Path install(Path root, String name, Path scratch) throws IOException, InterruptedException {
        Path folder = Files.createDirectories(root.resolve(name));
        Files.write(folder.resolve(CrossEncoderReranker.MODEL_FILE), onnx(scratch));
        Files.write(folder.resolve(CrossEncoderReranker.TOKENIZER_FILE), tokenizer());
        Files.writeString(folder.resolve(ModelResolver.PULLED_MANIFEST),
                "{\"name\": \"" + name + "\", \"kind\": \"cross-encoder\", \"repo\": \"test/stand-in\", \"files\": []}\n");
        return folder;
    }
}
