package dev.course.engine.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model whose encoder runs "elsewhere" gives the vectors the local one gives: the requests and
 * replies go through their JSON form, and the other side runs the local encoder, as the course
 * server's model service does.
 */
class RemoteEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Another process's model service, in miniature: JSON in, the local encoder, JSON out. */
    private static final class LoopbackService implements ModelChannel {
        final AtomicInteger requests = new AtomicInteger();
        final List<Integer> positionsPerRequest = new ArrayList<>();

        @Override
        public synchronized EncoderReply exchange(EncoderRequest request) {
            requests.incrementAndGet();
            JsonNode wire = overTheWire(request.toJson());
            EncoderRequest received = EncoderRequest.fromJson(wire, 64, 512, RemoteEncoder.MAX_POSITIONS_PER_REQUEST);
            positionsPerRequest.add(received.input().positions());
            Encoder local = EmbeddingModel.shared(ModelSpec.bundled(received.model()).orElseThrow()).encoder();
            EncoderReply reply;
            if (received.pooling().isPresent()) {
                float[][] vectors = local.pooled(received.input(), received.pooling().get());
                float[] flat = new float[vectors.length * vectors[0].length];
                for (int r = 0; r < vectors.length; r++) {
                    System.arraycopy(vectors[r], 0, flat, r * vectors[r].length, vectors[r].length);
                }
                reply = new EncoderReply(new long[] {vectors.length, vectors[0].length}, flat);
            } else {
                Encoder.Output output = local.run(received.input());
                reply = new EncoderReply(output.shape(), output.values());
            }
            return EncoderReply.fromJson(overTheWire(reply.toJson()));
        }

        private static JsonNode overTheWire(JsonNode json) {
            try {
                return JSON.readTree(JSON.writeValueAsString(json));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final String LONG_TEXT = "Retrieval systems cut documents into chunks, embed them, and search the vectors. ".repeat(60);

    @AfterEach
    void uninstall() {
        Encoders.uninstall();
    }

    private static EmbeddingModel remote(ModelSpec spec, LoopbackService service) {
        return EmbeddingModel.load(spec, 2, EmbeddingModel.DEFAULT_LONG_TEXT_POLICY, new RemoteEncoder(spec, service));
    }

    private static List<String> texts() {
        var texts = new ArrayList<>(EmbeddingModelTest.SENTENCES);
        texts.add(LONG_TEXT); // several windows, averaged
        return texts;
    }

    @Test
    void miniLmVectorsAreTheLocalOnes() {
        var service = new LoopbackService();
        try (EmbeddingModel remote = remote(ModelSpec.ALL_MINILM_L6_V2, service)) {
            List<Embedding> expected = EmbeddingModel.miniLm().embedAllDetailed(texts());
            List<Embedding> actual = remote.embedAllDetailed(texts());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).vector(), actual.get(i).vector(), 1e-6f, texts().get(i));
                assertEquals(expected.get(i).windows(), actual.get(i).windows());
            }
            assertTrue(service.requests.get() > 0);
        }
    }

    @Test
    void bgeQueryVectorsAreTheLocalOnes() {
        var service = new LoopbackService();
        try (EmbeddingModel remote = remote(ModelSpec.BGE_SMALL_EN_V15_Q, service)) {
            assertArrayEquals(EmbeddingModel.bgeSmall().embedQuery("how do wings stall"),
                    remote.embedQuery("how do wings stall"), 1e-6f);
        }
    }

    @Test
    void tokenVectorsForMaxSimAreTheLocalOnes() {
        var service = new LoopbackService();
        try (EmbeddingModel remote = remote(ModelSpec.ALL_MINILM_L6_V2, service)) {
            List<TokenVectors> expected = EmbeddingModel.miniLm().tokenVectorsAll(texts());
            List<TokenVectors> actual = remote.tokenVectorsAll(texts());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).tokens(), actual.get(i).tokens());
                for (int t = 0; t < expected.get(i).size(); t++) {
                    assertArrayEquals(expected.get(i).vectors()[t], actual.get(i).vectors()[t], 1e-6f);
                }
            }
        }
    }

    @Test
    void aBatchTooLargeForOneRequestIsSentInSlicesOfRows() {
        var service = new LoopbackService();
        ModelSpec wideBatches = ModelSpec.ALL_MINILM_L6_V2.withBatchSize(24);
        List<String> longTexts = new ArrayList<>();
        for (int i = 0; i < 24; i++) { // 24 x about 350 tokens: more than 8,192 positions
            longTexts.add(i + " " + "vectors and indexes and rerankers ".repeat(70)); // about 350 tokens each
        }
        try (EmbeddingModel remote = remote(wideBatches, service);
             EmbeddingModel local = EmbeddingModel.load(wideBatches, 1, EmbeddingModel.DEFAULT_LONG_TEXT_POLICY)) {
            List<float[]> expected = local.embedAll(longTexts);
            List<float[]> actual = remote.embedAll(longTexts);
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), 1e-5f);
            }
        }
        assertTrue(service.requests.get() > 1, "one batch of 24 long texts needs several requests");
        assertTrue(service.positionsPerRequest.stream().allMatch(p -> p <= RemoteEncoder.MAX_POSITIONS_PER_REQUEST),
                service.positionsPerRequest.toString());
    }

    @Test
    void anInstalledProviderDecidesWhereAModelRunsAndMayDecline() {
        var service = new LoopbackService();
        ModelSpec claimed = new ModelSpec("claimed-by-provider", ModelSpec.ALL_MINILM_L6_V2.onnxResource(),
                ModelSpec.ALL_MINILM_L6_V2.tokenizerResource(), Pooling.MEAN, "", 384, 512, 16);
        Encoders.install(spec -> spec == claimed ? Optional.of(new RemoteEncoder(ModelSpec.ALL_MINILM_L6_V2, service)) : Optional.empty());
        try (EmbeddingModel viaProvider = EmbeddingModel.load(claimed, 1, LongTextPolicy.TRUNCATE);
             EmbeddingModel declined = EmbeddingModel.load(ModelSpec.ALL_MINILM_L6_V2.withBatchSize(3), 1, LongTextPolicy.TRUNCATE)) {
            assertInstanceOf(RemoteEncoder.class, viaProvider.encoder());
            assertInstanceOf(OnnxEncoder.class, declined.encoder());
            assertArrayEquals(declined.embed("where does it run?"), viaProvider.embed("where does it run?"), 1e-6f);
        }
        assertThrows(IllegalStateException.class, () -> Encoders.install(spec -> Optional.empty()));
    }

    @Test
    void aServiceThatFailsGivesItsReasonToTheCaller() {
        ModelChannel refusing = request -> {
            throw new ModelServiceException("the model service refused the request: too large");
        };
        try (EmbeddingModel remote = EmbeddingModel.load(ModelSpec.ALL_MINILM_L6_V2, 1, LongTextPolicy.TRUNCATE,
                new RemoteEncoder(ModelSpec.ALL_MINILM_L6_V2, refusing))) {
            var e = assertThrows(ModelServiceException.class, () -> remote.embed("hello"));
            assertTrue(e.getMessage().contains("too large"), e.getMessage());
        }
    }

    @Test
    void aReplyOfTheWrongShapeIsAnErrorNotMisreadFloats() {
        ModelChannel wrong = request -> new EncoderReply(new long[] {1, 3}, new float[3]);
        var encoder = new RemoteEncoder(ModelSpec.ALL_MINILM_L6_V2, wrong);
        var input = new EncoderInput(1, 3, new long[] {101, 2000, 102}, new long[3], new int[] {3});
        var e = assertThrows(ModelServiceException.class, () -> encoder.pooled(input, Pooling.MEAN));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }
}
