package dev.course.engine.generate;

import dev.course.engine.generate.sample.SamplingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void streamsExactlyTheTextItReturns() throws Exception {
        var generator = LocalModel.load(new RandomModelFile().write(dir)).generator();
        var pieces = new StringBuilder();
        var request = GenerationRequest.completion("The cat").withMaxTokens(20)
                .withSampling(SamplingConfig.defaults().withSeed(3)).withInspection(true);
        Generation g = generator.generate(request, pieces::append);
        assertEquals(g.text(), pieces.toString());
        assertTrue(g.generatedTokens() <= 20);
        assertEquals(g.generatedTokens() + (g.stopReason() == Generation.StopReason.END_OF_TEXT ? 1 : 0), g.steps().size());
        for (var step : g.steps()) {
            assertEquals(LocalGenerator.INSPECT_TOP, step.top().size());
            assertTrue(step.top().get(0).probability() >= step.top().get(1).probability());
            assertTrue(step.millis() >= 0);
        }
    }

    @Test
    void greedyIsDeterministicAndSeedsRepeat() throws Exception {
        var generator = LocalModel.load(new RandomModelFile().write(dir)).generator();
        var greedy = GenerationRequest.completion("the mat").withMaxTokens(12).withSampling(SamplingConfig.greedy());
        assertEquals(generator.generate(greedy).text(), generator.generate(greedy).text());
        var sampled = greedy.withSampling(SamplingConfig.defaults().withTemperature(1.2f).withSeed(11));
        assertEquals(generator.generate(sampled).text(), generator.generate(sampled).text());
    }

    @Test
    void stopSequencesEndTheTextAndAreHeldBack() {
        var stops = new StopSequences(List.of("STOP"));
        assertEquals("abc", stops.push("abcST"));
        assertFalse(stops.stopped());
        assertEquals("", stops.push("O"));
        assertEquals("", stops.push("Pxyz"));
        assertTrue(stops.stopped());
        assertEquals("abc", stops.text());
        var noStop = new StopSequences(List.of("STOP"));
        assertEquals("", noStop.push("ST"));
        assertEquals("STart", noStop.push("art"));
    }

    @Test
    void chatTemplatesWriteTheKnownFormats() {
        var messages = List.of(ChatMessage.user("Hi"));
        assertEquals("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.CHATML.render(messages, null, "S"));
        assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                ChatTemplate.LLAMA3.render(messages, "<|begin_of_text|>", null));
        assertEquals(ChatTemplate.CHATML, ChatTemplate.detect("{% for m in messages %}<|im_start|>{{ m.role }}"));
        assertEquals(ChatTemplate.LLAMA3, ChatTemplate.detect("<|start_header_id|>"));
    }

    @Test
    void chatRequestsUseTheFileTemplateAndControlTokens() throws Exception {
        var file = new RandomModelFile();
        file.chatTemplate = "{% for m in messages %}<|im_start|>...";
        var local = LocalModel.load(file.write(dir));
        assertEquals(ChatTemplate.CHATML, local.template());
        int[] ids = local.generator().promptTokens(GenerationRequest.chat(List.of(ChatMessage.user("the cat"))));
        assertTrue(ids.length > 10, "the template adds its markers as text (our test vocabulary has no <|im_start|> token)");
    }

    @Test
    void generatorsOpenFilesAndExplainMissingOnes() throws Exception {
        Path file = new RandomModelFile().write(dir);
        try (Generator generator = Generators.open(file.toString(), System.out)) {
            assertTrue(generator.name().startsWith("random-llama-F32") && generator.name().contains("local"), generator.name());
            var g = generator.generate(GenerationRequest.completion("the").withMaxTokens(5).withSampling(SamplingConfig.greedy()));
            assertTrue(g.generatedTokens() <= 5 && g.promptTokens() > 0);
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(GenerationException.class,
                () -> Generators.open(dir.resolve("missing.gguf").toString(), System.out));
        assertTrue(e.getMessage().contains("no model file") && e.getMessage().contains("openai:URL"), e.getMessage());
    }

    @Test
    void theCacheFolderIsConfigurable() {
        String before = System.getProperty("course.cache");
        try {
            System.setProperty("course.cache", dir.toString());
            assertEquals(dir.resolve("models/lessons-jdk-small.gguf"),
                    dev.course.engine.generate.train.TrainedModels.path("lessons,jdk", dev.course.engine.generate.train.TrainedModels.Size.SMALL));
        } finally {
            if (before == null) System.clearProperty("course.cache"); else System.setProperty("course.cache", before);
        }
    }
}
