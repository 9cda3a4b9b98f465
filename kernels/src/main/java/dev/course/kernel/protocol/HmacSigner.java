package dev.course.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks ZMQ messages with HMAC-SHA256, as the Jupyter wire protocol requires.
 *
 * <p>The signature covers the four JSON frames (header, parent header, metadata, content) and is sent
 * as lower-case hex. The key comes from the connection file; an empty key switches signing off, in
 * which case the signature frame is empty and every message is accepted.
 */
public final class HmacSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    public HmacSigner(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether messages are signed at all. */
    public boolean isEnabled() {
        return key.length > 0;
    }

    /** The hex signature of these frames, or {@code ""} when signing is off. */
    public String sign(byte[]... frames) {
        if (!isEnabled()) {
            return "";
        }
        Mac mac = newMac();
        for (byte[] frame : frames) {
            mac.update(frame);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /**
     * Whether the signature matches the frames. Compared in constant time so that a peer cannot learn
     * the right signature byte by byte from response times.
     */
    public boolean verify(String signature, byte[]... frames) {
        if (!isEnabled()) {
            return true;
        }
        byte[] expected = sign(frames).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = signature.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides " + ALGORITHM, e);
        }
    }
}
