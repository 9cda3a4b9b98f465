package dev.course.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The server's secret, which signs learner cookies and instructor sessions: 32 random bytes kept
 * in a file readable only by the server's user (0600), made on first start. Keeping it in a file
 * lets learners' cookies outlive a restart; whoever reads it can impersonate any learner.
 */
public final class ServerSecret {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ServerSecret() {
    }

    /** Reads the secret in {@code file}, first writing a new one there (0600) if there is none. */
    public static byte[] loadOrCreate(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] secret = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (secret.length < CookieSigner.MIN_SECRET_BYTES) {
                throw new IllegalStateException(file + " holds fewer than " + CookieSigner.MIN_SECRET_BYTES
                        + " bytes of secret; delete it and restart (learners then get new cookies)");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the server secret " + file, e);
        } catch (IllegalArgumentException notHex) {
            throw new IllegalStateException(file + " is not a server secret (hex expected); delete it and restart", notHex);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] secret = new byte[CookieSigner.MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            return; // another server on the same folder made it first: use theirs
        }
        Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.TRUNCATE_EXISTING);
    }
}
