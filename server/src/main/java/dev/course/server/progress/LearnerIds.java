package dev.course.server.progress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Learner ids as they may be shown or logged: the id is the learner's credential, so only a short hash of it. */
public final class LearnerIds {

    private LearnerIds() {
    }

    /** The first 8 bytes of the id's SHA-256, in hex: enough to tell learners apart, useless to act as one. */
    public static String publicId(String learner) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(learner.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A kernel key ({@code learner:track/slug}) with the learner's id hashed, for logs. */
    public static String redactKey(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? publicId(key) : publicId(key.substring(0, colon)) + key.substring(colon);
    }
}
