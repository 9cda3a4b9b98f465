package dev.course.server.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server proves itself with over HTTPS: its private key and its certificate chain (the
 * server's own certificate first), read from the PEM files an administrator gives with
 * {@code serve --tls-cert FILE --tls-key FILE} or made by {@link SelfSignedCertificate}.
 *
 * <p>The key must be unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), which is what
 * certbot, mkcert and OpenSSL 3 write; the older one-algorithm forms ({@code BEGIN RSA PRIVATE KEY},
 * {@code BEGIN EC PRIVATE KEY}) get a one-line error with the OpenSSL command that converts them.
 * Before anything starts, the key must sign what the certificate's public key verifies, so a
 * certificate paired with the wrong key is refused here rather than in every browser's handshake.
 *
 * @param key   the server's private key
 * @param chain the server's certificate, then any intermediates, as the PEM file lists them
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    public TlsIdentity {
        if (key == null || chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs a private key and at least one certificate");
        }
        chain = List.copyOf(chain);
        requirePair(key, chain.getFirst().getPublicKey(), "the private key does not belong to the certificate");
    }

    /**
     * Reads a certificate chain and its private key from PEM files.
     *
     * @throws IllegalArgumentException with one line saying what is wrong and what to do: a file
     *                                  that is missing or unreadable, holds no PEM certificate or key,
     *                                  holds an encrypted or old-style key, or a key that is not the
     *                                  certificate's
     */
    public static TlsIdentity readPem(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(read("--tls-cert", certificateFile), certificateFile);
        PrivateKey key = privateKey(read("--tls-key", keyFile), keyFile, chain.getFirst().getPublicKey());
        try {
            return new TlsIdentity(key, chain);
        } catch (IllegalArgumentException mismatch) {
            throw new IllegalArgumentException("--tls-key " + keyFile + " is not the key of --tls-cert " + certificateFile
                    + " (the key's signature does not verify with the certificate); give the key the certificate was made for");
        }
    }

    /** The server's own certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /**
     * The SHA-256 fingerprint of the server's certificate as browsers show it (upper-case hex pairs
     * joined by colons), which learners compare before they accept a self-signed certificate.
     */
    public String fingerprint() {
        return fingerprint(certificate());
    }

    /** The SHA-256 fingerprint of a certificate's DER encoding, as {@code AB:CD:…}. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 of a certificate", e);
        }
    }

    /** An in-memory PKCS#12 key store holding this identity under {@code password}, for Jetty's SslContextFactory. */
    KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry("course", key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the TLS key in a key store", e);
        }
    }

    /** Writes the chain and the key as PEM (the key file readable only by its owner where the file system allows). */
    void writePem(Path certificateFile, Path keyFile) throws IOException {
        StringBuilder certificates = new StringBuilder();
        try {
            for (X509Certificate certificate : chain) {
                certificates.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
        Files.deleteIfExists(keyFile);
        if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(keyFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(ServerSecret.OWNER_ONLY));
        }
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(certificateFile, certificates, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String read(String option, Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(option + " " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(option + " " + file + ": not readable by this user; check its permissions");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(option + " " + file + " is not a PEM file (PEM is text beginning with -----BEGIN …)");
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static List<X509Certificate> certificates(String pem, Path file) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("--tls-cert " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("--tls-cert " + file + " holds a certificate Java cannot read: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(String pem, Path file, PublicKey certificateKey) {
        Matcher block = PEM_BLOCK.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            switch (type) {
                case "PRIVATE KEY" -> {
                    byte[] der = Base64.getMimeDecoder().decode(block.group(2));
                    try {
                        return KeyFactory.getInstance(certificateKey.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException e) {
                        throw new IllegalArgumentException("--tls-key " + file + " holds no " + certificateKey.getAlgorithm()
                                + " private key, which the certificate's public key is (" + e.getMessage() + ")");
                    }
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("--tls-key " + file
                        + " is encrypted; write a plain copy readable only by this user: openssl pkcs8 -in " + file + " -out key.pem");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new IllegalArgumentException("--tls-key " + file
                        + " is in the old " + type.substring(0, type.indexOf(' ')) + "-only format; convert it to PKCS#8: "
                        + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
                default -> {
                    // a certificate or parameters in the same file: look further
                }
            }
        }
        throw new IllegalArgumentException("--tls-key " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** Signs a random challenge with {@code key} and verifies it with {@code publicKey}. */
    private static void requirePair(PrivateKey key, PublicKey publicKey, String mismatch) {
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm(publicKey));
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm(publicKey));
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(mismatch, e);
        }
    }

    private static String signatureAlgorithm(PublicKey publicKey) {
        return switch (publicKey.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "ED25519", "ED448", "EDDSA" -> publicKey.getAlgorithm();
            default -> throw new IllegalArgumentException("a " + publicKey.getAlgorithm()
                    + " certificate key; the server takes RSA, EC or EdDSA keys");
        };
    }
}
