package dev.course.server.cli;

import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.bench.RandomModelFiles;
import dev.course.engine.generate.model.LlamaConfig;
import dev.course.engine.generate.model.RopeStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fresh-process first-token timing of {@code bench generate --against llamacpp}, on a small model. */
class FirstTokenBenchTest {

    static final LlamaConfig SMALL = new LlamaConfig(192, 512, 2, 3, 1, 1000, 256, 1e-5f, 100000f, RopeStyle.ADJACENT, 64);

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aFreshGenerateProcessIsTimedToItsFirstTokenOnAPromptOfExactlyTheAskedLength() throws Exception {
        Path file = RandomModelFiles.write(dir.resolve("small.gguf"), "small", SMALL, RandomModelFiles.FileType.Q8_0, 1);
        LocalModel model = LocalModel.load(file);
        String prompt = FirstTokenBench.promptOf(model, 100);
        assertEquals(100, model.generator().promptTokens(new dev.course.engine.generate.GenerationRequest(
                java.util.List.of(dev.course.engine.generate.ChatMessage.user(prompt)), false, 1,
                dev.course.engine.generate.sample.SamplingConfig.greedy(), java.util.List.of(), false)).length);

        FirstTokenBench.Run run = FirstTokenBench.time(file, prompt);
        assertEquals(100, run.promptTokens(), "the process counts the same prompt");
        assertTrue(run.promptMs() > 0 && run.firstTokenMs() > run.promptMs(),
                "the wait includes the process start and the load, not only the prompt: " + run);
    }
}
