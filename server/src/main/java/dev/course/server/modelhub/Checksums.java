package dev.course.server.modelhub;

import dev.course.engine.corpus.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The two fingerprints the Hugging Face Hub gives for a file, computed here over the bytes on disk.
 *
 * <p>A file kept with Git LFS (every model file) is named by the SHA-256 of its content, and the hub
 * sends that as its {@code X-Linked-Etag}. A small file kept in Git itself (a tokenizer, a config)
 * is named by its Git blob id: the SHA-1 of {@code "blob <size>\0"} followed by the content, sent as
 * its {@code ETag}. Both are checked against the downloaded bytes before a file is used.
 */
public final class Checksums {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final int BUFFER = 1 << 20;

    private Checksums() {
    }

    /** The file's SHA-256 and Git blob SHA-1, in one pass over it. */
    public record Fingerprint(String sha256, String gitBlobSha1, long size) {
    }

    /** Reads {@code file} once, reporting progress under {@code phase}. */
    public static Fingerprint of(Path file, Progress progress, String phase) throws IOException {
        long size = Files.size(file);
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        progress.update(phase, 0, size);
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                sha1.update(buffer, 0, n);
                done += n;
                progress.update(phase, done, size);
            }
        }
        return new Fingerprint(HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(sha1.digest()), size);
    }

    /** Whether {@code text} is a lower-case hex SHA-256. */
    public static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }

    static boolean isSha1(String text) {
        return text != null && SHA1.matcher(text).matches();
    }

    /**
     * An ETag as a bare lower-case hash: without the weak prefix {@code W/} and the quotes HTTP puts
     * around it; null for null.
     */
    static String bareEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String bare = etag.strip();
        if (bare.startsWith("W/")) {
            bare = bare.substring(2);
        }
        if (bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        return bare.toLowerCase(Locale.ROOT);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }
}
