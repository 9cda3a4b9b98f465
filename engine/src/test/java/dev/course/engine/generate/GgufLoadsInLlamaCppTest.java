package dev.course.engine.generate;

import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.reference.LlamaCppReference;
import dev.course.engine.generate.train.GgufExport;
import dev.course.engine.generate.train.Trainer;
import dev.course.engine.generate.train.TrainedModels;
import dev.course.engine.generate.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every kind of GGUF file the engine writes loads in llama.cpp, so a learner can take a model made
 * here to other tools: the trained model's export, the models the course ships, and the random-weight
 * models of every tensor type the writer has. llama.cpp must also count the same vocabulary and split text into the same tokens.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GgufLoadsInLlamaCppTest {

    @TempDir
    Path dir;

    @Test
    void randomWeightModelsOfEveryWrittenTypeLoad() throws Exception {
        assumeTrue(LlamaCppReference.available(), "llama.cpp's bundled library runs on Linux x86_64 only");
        for (GgufType type : new GgufType[]{GgufType.F32, GgufType.Q8_0, GgufType.Q4_0}) {
            loadsWithSameTokens(new RandomModelFile().type(type).write(dir));
        }
        loadsWithSameTokens(new RandomModelFile().architecture("qwen2").write(dir));
    }

    @Test
    void theTrainedModelsExportLoads() throws Exception {
        assumeTrue(LlamaCppReference.available(), "llama.cpp's bundled library runs on Linux x86_64 only");
        var run = new Trainer(TrainingConfig.lesson().withSteps(3)).train(RandomModelFile.TEXT.repeat(40));
        Path file = dir.resolve("trained.gguf");
        GgufExport.write(run.model(), run.vocabulary(), "course-test", file);
        loadsWithSameTokens(file);
    }

    @ParameterizedTest
    @EnumSource(TrainedModels.Size.class)
    void theShippedModelsLoad(TrainedModels.Size size) throws Exception {
        assumeTrue(LlamaCppReference.available(), "llama.cpp's bundled library runs on Linux x86_64 only");
        String resource = TrainedModels.shippedResource(size);
        Path file = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is on the class path");
            Files.copy(in, file);
        }
        loadsWithSameTokens(file);
    }

    private static void loadsWithSameTokens(Path file) throws Exception {
        LocalModel ours = LocalModel.load(file);
        try (var llama = LlamaCppReference.load(file, 1, 64)) {
            assertEquals(ours.model().config().vocabSize(), llama.vocabularySize(), file.getFileName() + ": vocabulary");
            String text = "The cat sat on the mat, and 42 dogs said: 'it's mine'.\n  Vectors!";
            assertArrayEquals(ours.tokenizer().encode(text), llama.tokenize(text), file.getFileName() + ": tokens");
        }
    }
}
