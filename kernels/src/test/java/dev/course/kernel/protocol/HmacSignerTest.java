package dev.course.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSignerTest {

    @Test
    void matchesThePublishedHmacSha256TestVector() {
        // RFC 4231, test case 2.
        HmacSigner signer = new HmacSigner("Jefe");
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                signer.sign(bytes("what do ya want "), bytes("for nothing?")));
    }

    @Test
    void signsTheConcatenationOfTheFrames() throws Exception {
        String key = "c2b0-secret";
        byte[][] frames = {bytes("{\"msg_type\":\"execute_request\"}"), bytes("{}"), bytes("{}"), bytes("{\"code\":\"1+1\"}")};
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(bytes(key), "HmacSHA256"));
        for (byte[] frame : frames) {
            mac.update(frame);
        }
        String expected = HexFormat.of().formatHex(mac.doFinal());

        HmacSigner signer = new HmacSigner(key);
        assertEquals(expected, signer.sign(frames));
        assertTrue(signer.verify(expected, frames));
    }

    @Test
    void rejectsAWrongSignatureOrTamperedFrames() {
        HmacSigner signer = new HmacSigner("key");
        String signature = signer.sign(bytes("header"), bytes("content"));

        assertFalse(signer.verify(signature, bytes("header"), bytes("content!")));
        assertFalse(signer.verify(new HmacSigner("other").sign(bytes("header"), bytes("content")), bytes("header"), bytes("content")));
        assertFalse(signer.verify("", bytes("header"), bytes("content")));
    }

    @Test
    void anEmptyKeyMeansNoSigning() {
        HmacSigner signer = new HmacSigner("");
        assertFalse(signer.isEnabled());
        assertEquals("", signer.sign(bytes("anything")));
        assertTrue(signer.verify("", bytes("anything")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
