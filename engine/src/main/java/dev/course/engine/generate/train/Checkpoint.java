package dev.course.engine.generate.train;

import dev.course.engine.generate.bpe.BpeTrainer;
import dev.course.engine.generate.gguf.GgufFile;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.gguf.GgufWriter;
import dev.course.engine.generate.tensor.Matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A training run saved mid-way: a GGUF file holding the model (loadable like any other), plus
 * AdamW's running averages as extra tensors ({@code adam.m.NAME}, {@code adam.v.NAME}), the step,
 * and the training config, so an interrupted run resumes exactly where it stopped.
 */
public final class Checkpoint {

    static final String STEP = "training.step";
    static final String CONFIG = "training.config";

    private Checkpoint() {
    }

    /** Saves the run; {@code requested} is the config the run was asked for (its vocabulary may have come out smaller). */
    public static void save(Path path, TrainableLlama model, BpeTrainer.Vocabulary vocabulary, int step,
                            TrainingConfig requested) throws IOException {
        GgufWriter w = GgufExport.writer(model, vocabulary, "checkpoint");
        w.putUInt32(STEP, step).putString(CONFIG, requested.toString());
        for (Parameter p : model.parameters()) {
            w.addTensor("adam.m." + p.name(), GgufType.F32, p.m(), p.size());
            w.addTensor("adam.v." + p.name(), GgufType.F32, p.v(), p.size());
        }
        w.write(path);
    }

    /** What a checkpoint restored. */
    public record Restored(TrainableLlama model, BpeTrainer.Vocabulary vocabulary, int step) {
    }

    /** Restores a checkpoint written for the same config; empty if there is none or it is for another config. */
    public static Optional<Restored> load(Path path, TrainingConfig config) throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        GgufFile file = GgufFile.open(path);
        if (!config.toString().equals(file.string(CONFIG, ""))) {
            return Optional.empty();
        }
        String[] tokens = file.strings("tokenizer.ggml.tokens");
        var model = new TrainableLlama(config.withVocabSize(tokens.length));
        for (Parameter p : model.parameters()) {
            read(file, p.name(), p.value());
            read(file, "adam.m." + p.name(), p.m());
            read(file, "adam.v." + p.name(), p.v());
        }
        var vocabulary = new BpeTrainer.Vocabulary(tokens, file.strings("tokenizer.ggml.merges"));
        return Optional.of(new Restored(model, vocabulary, file.integer(STEP)));
    }

    private static void read(GgufFile file, String name, float[] into) {
        var info = file.tensor(name);
        float[] values = Matrix.of(GgufType.F32, file.tensorData(info), 1, (int) info.elements()).toFloats();
        System.arraycopy(values, 0, into, 0, into.length);
    }
}
