package dev.course.engine.generate.train;

import dev.course.engine.corpus.ApiMember;
import dev.course.engine.corpus.FolderCorpus;
import dev.course.engine.generate.GenerationRequest;
import dev.course.engine.generate.bpe.BpeTrainer;
import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.model.InferenceState;
import dev.course.engine.generate.sample.SamplingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    /** Small and repetitive, so a tiny model learns it within a few seconds. */
    static final String TEXT = ("the cat sat on the mat. the dog sat on the log. the cat saw the dog. "
            + "the dog saw the cat on the mat. ").repeat(60);

    static final TrainingConfig CONFIG = new TrainingConfig(300, 32, 2, 4, 2, 64, 24, 8, 120, 1e-2f, 10, 0.01f, 1f, 40, 1);

    @TempDir
    Path dir;

    @Test
    void lossFallsAndTheSavedModelRunsInTheInferenceEngine() throws Exception {
        TrainingRun run = new Trainer(CONFIG).train(TEXT);
        assertEquals(CONFIG.steps(), run.trainLoss().size());
        double first = run.trainLoss().getFirst().loss();
        assertTrue(first > 5, "starts near ln(300) = 5.7, got " + first);
        assertTrue(run.finalValidationLoss() < 1.5, "learns the repetitive text, validation loss " + run.finalValidationLoss());

        Path file = dir.resolve("m.gguf");
        GgufExport.write(run.model(), run.vocabulary(), "test", file);
        LocalModel local = LocalModel.load(file);
        int[] tokens = local.tokenizer().encode("the cat sat on the mat. the dog");
        // the inference engine computes the same loss as training on the same tokens
        var ws = run.model().newWorkspace();
        double trainingLoss = run.model().loss(tokens, 0, tokens.length - 1, ws, 0);
        InferenceState state = local.model().newState();
        double inferenceLoss = 0;
        for (int t = 0; t < tokens.length - 1; t++) {
            float[] p = dev.course.engine.generate.sample.Sampler.softmax(local.model().forward(state, tokens[t]));
            inferenceLoss -= Math.log(p[tokens[t + 1]]);
        }
        assertEquals(trainingLoss, inferenceLoss / (tokens.length - 1), 1e-3, "training and inference agree");
        String text = local.generator().generate(GenerationRequest.completion("the cat").withMaxTokens(12)
                .withSampling(SamplingConfig.greedy())).text();
        assertTrue(text.contains(" on the ") || text.contains(" the "), "continues in the style of the text: " + text);
    }

    @Test
    void aCheckpointResumesTheRun() throws Exception {
        Path checkpoint = dir.resolve("run.checkpoint");
        var half = CONFIG.withSteps(40);
        new Trainer(half, TrainingListener.SILENT, checkpoint).train(TEXT);
        assertTrue(Files.exists(checkpoint));
        var restored = Checkpoint.load(checkpoint, half).orElseThrow();
        assertEquals(40, restored.step());
        assertTrue(Checkpoint.load(checkpoint, CONFIG).isEmpty(), "a checkpoint of another config is not used");
        int[] steps = {0};
        var resumed = new Trainer(half.withSteps(40), new TrainingListener() {
            @Override
            public void onStep(int step, int total, double loss, float lr, double norm, double tps) {
                steps[0]++;
            }
        }, checkpoint).train(TEXT);
        assertEquals(0, steps[0], "nothing left to do at step 40 of 40");
        assertEquals(restored.model().parameters().get(3).value()[5], resumed.model().parameters().get(3).value()[5]);
    }

    @Test
    void scheduleWarmsUpThenDecays() {
        var s = new LearningRateSchedule(1f, 10, 110);
        assertEquals(0.1f, s.at(0), 1e-6);
        assertEquals(1f, s.at(10), 1e-6);
        assertTrue(s.at(60) < 1f && s.at(60) > 0.1f);
        assertEquals(0.1f, s.at(110), 1e-6);
    }

    @Test
    void clippingBoundsTheGlobalNorm() {
        var model = new TrainableLlama(CONFIG);
        for (Parameter p : model.parameters()) java.util.Arrays.fill(p.grad(), 1f);
        double before = AdamW.clipGradients(model.parameters(), 1.0);
        assertEquals(Math.sqrt(model.parameterCount()), before, 1e-3);
        double after = AdamW.clipGradients(model.parameters(), 1.0);
        assertEquals(1.0, after, 1e-4);
    }

    /** The JDK part is the one JDK reader's members as prose: a blank line between members, a separator between types. */
    @Test
    void jdkDocumentationBecomesProse() {
        var length = new ApiMember("java.lang.String#length()", "t", "public int length()", "Returns the length.",
                "Returns the length of this string. Counted in chars.", false, "u");
        var isEmpty = new ApiMember("java.lang.String#isEmpty()", "t", "public boolean isEmpty()", "s", "Tells.", false, "u");
        var entry = new ApiMember("java.util.Map.Entry#getKey()", "t", "K getKey()", "s", "", false, "u");
        assertEquals("Returns the length of this string. Counted in chars.\npublic int length()\n\nTells.\npublic boolean isEmpty()\n\n"
                + "\n" + BpeTrainer.END_OF_TEXT + "\nK getKey()\n\n", Corpus.prose(java.util.List.of(length, isEmpty, entry), 1000));
    }

    @Test
    void aFolderCorpusIsTheFilesTheOneFolderReaderReads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.md"), "# A\n\nalpha\n");
        Files.writeString(dir.resolve("b.markdown"), "beta\n");
        Files.createDirectories(dir.resolve("z"));
        Files.writeString(dir.resolve("z/E.java"), "class E {}\n");
        Files.writeString(dir.resolve("d.svg"), "<svg/>");
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/c.md"), "gamma\n");
        String text = Corpus.folder(dir);
        assertEquals(3, new FolderCorpus(dir).files().size());
        assertEquals("# A\n\nalpha\n", text.substring(0, text.indexOf('\n' + BpeTrainer.END_OF_TEXT)), "whole files, as written");
        assertEquals(3, text.split(java.util.regex.Pattern.quote(BpeTrainer.END_OF_TEXT), -1).length - 1, "one document per file");
        assertTrue(text.contains("beta") && text.contains("class E"), text);
        assertTrue(!text.contains("gamma") && !text.contains("svg"), "hidden folders and other file types are not read");
    }
}
