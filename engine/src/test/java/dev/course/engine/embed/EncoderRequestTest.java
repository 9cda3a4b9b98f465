package dev.course.engine.embed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests and replies survive their JSON form exactly, and a request from anyone is checked before use. */
class EncoderRequestTest {

    private static final EncoderInput BATCH = new EncoderInput(2, 3,
            new long[] {101, 7592, 102, 101, 102, 0}, new long[] {0, 0, 0, 0, 0, 0}, new int[] {3, 2});

    private static ObjectNode request() {
        return new EncoderRequest("all-MiniLM-L6-v2", BATCH, Optional.of(Pooling.MEAN)).toJson();
    }

    private static String refusal(ObjectNode json) {
        return assertThrows(IllegalArgumentException.class, () -> EncoderRequest.fromJson(json, 64, 512, 8192)).getMessage();
    }

    @Test
    void aRequestRoundTrips() {
        EncoderRequest back = EncoderRequest.fromJson(request(), 64, 512, 8192);
        assertEquals("all-MiniLM-L6-v2", back.model());
        assertEquals(Optional.of(Pooling.MEAN), back.pooling());
        assertArrayEquals(BATCH.ids(), back.input().ids());
        assertArrayEquals(BATCH.lengths(), back.input().lengths());
        assertArrayEquals(new long[][] {{1, 1, 1}, {1, 1, 0}}, back.input().masks());
    }

    @Test
    void repliesCarryFloatsBitForBitAsCompactText() {
        float[] values = {0.1f, -3.5e-8f, Float.MIN_VALUE, 123456.79f, -0.0f, 1f / 3};
        EncoderReply back = EncoderReply.fromJson(new EncoderReply(new long[] {2, 3}, values).toJson());
        assertArrayEquals(values, back.values());
        String packed = new EncoderReply(new long[] {1, 384}, new float[384]).toJson().path("values").asText();
        assertEquals(2048, packed.length(), "384 floats are 1,536 bytes: 2,048 Base64 characters, 4 bytes in 3");
    }

    @Test
    void oversizedRequestsAreRefusedWithTheLimit() {
        assertTrue(refusal(request().put("rows", 65)).contains("rows must be between 1 and 64"));
        assertTrue(refusal(request().put("length", 513)).contains("length must be between 1 and 512"));
        ObjectNode big = request().put("rows", 32).put("length", 512);
        assertTrue(refusal(big).contains("exceed the limit of 8192"), refusal(big));
    }

    @Test
    void malformedRequestsAreRefusedSayingWhatIsWrong() {
        assertTrue(refusal(request().put("ids", "AAAA")).contains("expected Base64 of 6 values"));
        assertTrue(refusal((ObjectNode) request().without("model")).contains("\"model\""));
        assertTrue(refusal(request().put("pooling", "MAX")).contains("unknown pooling"));
        ObjectNode badLengths = request();
        badLengths.putArray("lengths").add(3).add(9);
        assertTrue(refusal(badLengths).contains("between 1 and 3"));
        assertTrue(refusal(new ObjectMapper().createObjectNode()).contains("\"model\""));
    }

    @Test
    void aReplyCannotDeclareAHugeShape() {
        ObjectNode reply = new EncoderReply(new long[] {1, 2}, new float[2]).toJson();
        reply.putArray("shape").add(100000).add(100000).add(384);
        assertThrows(IllegalArgumentException.class, () -> EncoderReply.fromJson(reply));
    }
}
