package dev.course.server.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Signs what the server puts in cookies, so that a cookie proves the server issued it: the value,
 * a dot, and an HMAC-SHA256 of the value under the server's secret (cut to 128 bits, written in
 * hex). Anyone can read a signed value; only the server can make one.
 */
final class CookieSigner {

    /** How many bytes of secret a key needs at least (HMAC-SHA256's block is 64; 32 random bytes are plenty). */
    static final int MIN_SECRET_BYTES = 32;
    /** How many bytes of the MAC a signed value carries. */
    static final int MAC_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    CookieSigner(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a cookie secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A signer with a random secret of its own: its cookies are worthless after the server stops (tests, benchmarks). */
    static CookieSigner ephemeral() {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return new CookieSigner(secret);
    }

    /** {@code value.mac}; the value must not contain a dot. */
    String sign(String value) {
        if (value.indexOf('.') >= 0) {
            throw new IllegalArgumentException("a signed value cannot contain '.'");
        }
        return value + "." + HexFormat.of().formatHex(mac(value));
    }

    /** The value of a signed text whose MAC is right, compared in constant time; empty for anything else. */
    Optional<String> verify(String signed) {
        if (signed == null) {
            return Optional.empty();
        }
        int dot = signed.lastIndexOf('.');
        if (dot <= 0 || signed.length() - dot - 1 != MAC_BYTES * 2) {
            return Optional.empty();
        }
        String value = signed.substring(0, dot);
        byte[] offered;
        try {
            offered = HexFormat.of().parseHex(signed, dot + 1, signed.length());
        } catch (IllegalArgumentException notHex) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(mac(value), offered) ? Optional.of(value) : Optional.empty();
    }

    private byte[] mac(String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] full = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(full, MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
