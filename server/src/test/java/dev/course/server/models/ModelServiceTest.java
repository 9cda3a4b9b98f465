package dev.course.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.embed.EncoderInput;
import dev.course.engine.embed.EncoderReply;
import dev.course.engine.embed.EncoderRequest;
import dev.course.engine.embed.Pooling;
import dev.course.engine.rerank.CrossEncoderReranker;
import dev.course.engine.rerank.InstalledCrossEncoder;
import dev.course.server.modelhub.StandInCrossEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model service in-process, with the real MiniLM, fed requests as kernels would send them — good and bad. */
class ModelServiceTest {

    private final ModelService service = new ModelService(new ModelServiceLimits(64, 512, 8192, 4, 32, 2));

    @AfterEach
    void close() {
        service.close();
    }

    private static EncoderInput sentence(String text) {
        var model = EmbeddingModel.miniLm();
        return EncoderInput.pad(List.of(model.tokenizer().encode(text)), model.tokenizer().padId());
    }

    private static ObjectNode request(long id, EncoderInput input) {
        ObjectNode json = new EncoderRequest("all-MiniLM-L6-v2", input, Optional.of(Pooling.MEAN)).toJson();
        json.put("id", id);
        return json;
    }

    private JsonNode ask(String kernel, JsonNode request) throws Exception {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        service.submit(kernel, request, answer::complete);
        return answer.get(60, TimeUnit.SECONDS);
    }

    @Test
    void answersWithTheVectorTheLocalEncoderComputes() throws Exception {
        EncoderInput input = sentence("The cat sits on the mat.");
        JsonNode answer = ask("k1", request(7, input));
        assertEquals(7, answer.path("id").asLong());
        float[] expected = EmbeddingModel.miniLm().encoder().pooled(input, Pooling.MEAN)[0];
        assertArrayEquals(expected, EncoderReply.fromJson(answer).values());
    }

    @Test
    void anIdenticalRequestFromAnyKernelGetsTheKeptAnswerAndAnyOtherIsComputed() throws Exception {
        EncoderInput input = sentence("The same cell, run by the next learner.");
        JsonNode first = ask("learner-1", request(1, input));
        JsonNode again = ask("learner-2", request(2, input));
        assertEquals(1, service.servedFromCache());
        assertEquals(2, again.path("id").asLong());
        assertArrayEquals(EncoderReply.fromJson(first).values(), EncoderReply.fromJson(again).values());

        // Another pooling of the same batch is another answer: computed, not taken from the cache.
        ObjectNode cls = new EncoderRequest("all-MiniLM-L6-v2", input, Optional.of(Pooling.CLS)).toJson().put("id", 3);
        float[] expected = EmbeddingModel.miniLm().encoder().pooled(input, Pooling.CLS)[0];
        assertArrayEquals(expected, EncoderReply.fromJson(ask("learner-2", cls)).values());
        assertEquals(1, service.servedFromCache());
    }

    @Test
    @Timeout(120)
    void scoresPairBatchesWithItsOneCopyOfAnInstalledCrossEncoder(@TempDir Path models, @TempDir Path scratch) throws Exception {
        Assumptions.assumeTrue(StandInCrossEncoder.canWrite(), "python3-onnx writes the stand-in cross-encoder");
        StandInCrossEncoder.install(models, "stand-in-cross", scratch);
        try (var withModels = new ModelService(new ModelServiceLimits(64, 512, 8192, 4, 32, 2), EmbeddingModel::shared, models);
             var local = CrossEncoderReranker.open(InstalledCrossEncoder.named(models, "stand-in-cross").orElseThrow())) {
            var tokenizer = local.tokenizer();
            EncoderInput pairs = EncoderInput.pad(List.of(tokenizer.encodePair("is java fast", "The JIT compiles hot code.", 512),
                    tokenizer.encodePair("is java fast", "Cats sleep.", 512)), tokenizer.padId());
            ObjectNode json = new EncoderRequest("stand-in-cross", pairs, Optional.empty()).toJson().put("id", 9);
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            withModels.submit("k1", json, answer::complete);
            EncoderReply reply = EncoderReply.fromJson(answer.get(60, TimeUnit.SECONDS));
            assertArrayEquals(new long[] {2, 1}, reply.shape());
            assertArrayEquals(local.score("is java fast", List.of("The JIT compiles hot code.", "Cats sleep.")), reply.values(),
                    "the kernel gets the logits it would compute itself");

            ObjectNode pooled = new EncoderRequest("stand-in-cross", pairs, Optional.of(Pooling.MEAN)).toJson().put("id", 10);
            CompletableFuture<JsonNode> refused = new CompletableFuture<>();
            withModels.submit("k1", pooled, refused::complete);
            assertTrue(refused.get(60, TimeUnit.SECONDS).path("error").asText().contains("nothing to pool"));
            ObjectNode outside = new EncoderRequest("../stand-in-cross", pairs, Optional.empty()).toJson().put("id", 11);
            CompletableFuture<JsonNode> unknown = new CompletableFuture<>();
            withModels.submit("k1", outside, unknown::complete);
            assertTrue(unknown.get(60, TimeUnit.SECONDS).path("error").asText().contains("no model named"));
        }
    }

    @Test
    void badRequestsAreAnsweredWithWhatIsWrongAndTheServiceCarriesOn() throws Exception {
        ObjectNode tooLong = request(1, sentence("hello")).put("length", 100000);
        assertTrue(ask("bad", tooLong).path("error").asText().contains("length must be between 1 and 512"));
        ObjectNode unknownModel = request(2, sentence("hello")).put("model", "../../etc/passwd");
        assertTrue(ask("bad", unknownModel).path("error").asText().contains("no model named"));
        long[] ids = {101, 999_999, 102};
        JsonNode outside = ask("bad", request(3, new EncoderInput(1, 3, ids, new long[3], new int[] {3})));
        assertTrue(outside.path("error").asText().contains("outside the model's vocabulary"), outside.toString());
        assertTrue(ask("bad", JsonNodeFactory.instance.textNode("not an object")).path("error").asText().contains("\"id\""));
        assertTrue(ask("bad", JsonNodeFactory.instance.objectNode().put("id", 4)).path("error").asText().contains("\"model\""));
        assertEquals(5, service.refused());
        assertTrue(ask("good", request(5, sentence("still here"))).has("values"));
    }

    @Test
    void aFloodingKernelIsRefusedBeyondItsShareWhileAnotherIsServed() throws Exception {
        CountDownLatch neverReads = new CountDownLatch(1);
        List<JsonNode> floodAnswers = new CopyOnWriteArrayList<>();
        EncoderInput input = sentence("flood flood flood");
        // This kernel never reads its answers: writing them back blocks, as on a full pipe.
        for (int i = 0; i < 20; i++) {
            service.submit("flood", request(i, input), answer -> {
                floodAnswers.add(answer);
                if (answer.has("values")) {
                    try {
                        neverReads.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
        List<JsonNode> refusals = floodAnswers.stream().filter(a -> a.has("error")).toList();
        assertEquals(16, refusals.size(), "4 requests in flight at most; the other 16 are refused at once");
        assertTrue(refusals.stream().allMatch(a -> a.path("error").asText().contains("in flight")), refusals.toString());

        EncoderInput mine = sentence("A polite kernel asks once.");
        JsonNode answer = ask("polite", request(99, mine));
        assertArrayEquals(EmbeddingModel.miniLm().encoder().pooled(mine, Pooling.MEAN)[0], EncoderReply.fromJson(answer).values());
        neverReads.countDown();
    }

    @Test
    void requestsOfAKernelThatExitedAreDropped() throws Exception {
        CountDownLatch workerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ModelService oneWorker = new ModelService(new ModelServiceLimits(64, 512, 8192, 4, 32, 1), spec -> {
            workerBusy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return EmbeddingModel.shared(spec);
        });
        try {
            oneWorker.submit("busy", request(1, sentence("first")), answer -> { });
            workerBusy.await(60, TimeUnit.SECONDS);
            List<JsonNode> answered = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                oneWorker.submit("gone", request(i, sentence("never computed " + i)), answered::add);
            }
            oneWorker.forget("gone");
            release.countDown();
            CompletableFuture<JsonNode> after = new CompletableFuture<>();
            oneWorker.submit("gone", request(10, sentence("a new kernel under the same name")), after::complete);
            assertTrue(after.get(60, TimeUnit.SECONDS).has("values"), "its share is free again");
            assertEquals(List.of(), answered);
        } finally {
            oneWorker.close();
        }
    }
}
