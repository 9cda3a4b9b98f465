package dev.course.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The certificate a workshop serves HTTPS with when the instructor has none: made once by the
 * JDK's own {@code keytool} (an EC P-256 key, signed by itself, naming every name the server
 * answers to), kept as PEM beside the server's secret ({@value #CERTIFICATE_FILE}, and
 * {@value #KEY_FILE} readable only by the server's user), and reused on every start, so the
 * fingerprint learners were told stays the same. It is made anew only when it no longer names
 * one of the server's names (another {@code --host} or {@code --public-url}) or is about to expire.
 *
 * <p>No browser trusts it: each learner is asked once to accept it, and compares the SHA-256
 * fingerprint the browser shows with the one the server printed at start. What it buys over plain
 * HTTP is that nobody on the room's network can read or change the traffic (cookies, code, output)
 * once that one check is made.
 */
public final class SelfSignedCertificate {

    public static final String CERTIFICATE_FILE = "tls-self-signed.crt";
    static final String KEY_FILE = "tls-self-signed.key";
    /** How long a made certificate is valid. */
    static final Duration VALIDITY = Duration.ofDays(365);
    /** A certificate that expires sooner than this is made anew at start, not in the middle of a workshop. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** The longest keytool may take (it takes about a second). */
    static final Duration KEYTOOL_DEADLINE = Duration.ofSeconds(60);
    private static final String PASSWORD_VARIABLE = "COURSE_KEYTOOL_PASSWORD";

    /**
     * The self-signed identity, and whether this start made it (else it was read from the folder).
     *
     * @param identity the key and certificate
     * @param created  true when it was made now (learners have a new fingerprint to check)
     */
    public record Loaded(TlsIdentity identity, boolean created) {
    }

    private SelfSignedCertificate() {
    }

    /**
     * Reads the certificate kept in {@code folder}, or makes one, for a server bound to
     * {@code bindHost} and reached at {@code publicUrl} (may be null).
     */
    public static Loaded loadOrCreate(Path folder, String bindHost, String publicUrl) {
        Set<String> names = HostCheck.forServer(bindHost, publicUrl).names();
        Path certificateFile = folder.resolve(CERTIFICATE_FILE);
        Path keyFile = folder.resolve(KEY_FILE);
        try {
            if (Files.isRegularFile(certificateFile) && Files.isRegularFile(keyFile)) {
                TlsIdentity kept = TlsIdentity.readPem(certificateFile, keyFile);
                if (usable(kept.certificate(), names)) {
                    return new Loaded(kept, false);
                }
            }
        } catch (IllegalArgumentException damaged) {
            // unreadable or not a pair: make a new one below
        }
        try {
            Files.createDirectories(folder);
            TlsIdentity made = make(folder, names);
            made.writePem(certificateFile, keyFile);
            return new Loaded(made, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a self-signed certificate in " + folder, e);
        }
    }

    /** Whether a certificate names every one of the server's names and stays valid long enough. */
    static boolean usable(X509Certificate certificate, Set<String> names) {
        if (certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            return false;
        }
        Set<String> named = new HashSet<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.forEach(entry -> named.add(canonical(String.valueOf(entry.get(1)))));
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return names.stream().map(SelfSignedCertificate::canonical).allMatch(named::contains);
    }

    /** A name as a certificate lists it: an IP address in Java's full form, a DNS name in lower case. */
    private static String canonical(String name) {
        if (isAddress(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** An IPv4 or IPv6 literal (never looked up: {@link InetAddress#getByName} parses literals). */
    private static boolean isAddress(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }

    /** Runs keytool into a temporary PKCS#12 store in {@code folder}, reads the pair back, deletes the store. */
    private static TlsIdentity make(Path folder, Set<String> names) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalArgumentException("cannot make a self-signed certificate: this Java has no " + keytool
                    + "; give one with --tls-cert FILE --tls-key FILE");
        }
        Path store = Files.createTempFile(folder, "tls-", ".p12");
        Files.delete(store); // keytool makes it
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", "course", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-validity", Long.toString(VALIDITY.toDays()), "-dname", "CN=course workshop (self-signed)",
                "-ext", "SAN=" + String.join(",", names.stream().map(SelfSignedCertificate::alternativeName).toList()),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE));
        Path log = Files.createTempFile(folder, "keytool-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(log.toFile());
        builder.environment().put(PASSWORD_VARIABLE, password); // not on the command line, where `ps` shows it
        Process process = builder.start();
        try {
            if (!process.waitFor(KEYTOOL_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("keytool did not finish within " + KEYTOOL_DEADLINE.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool failed: " + Files.readString(log).strip());
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password.toCharArray());
            }
            PrivateKey key = (PrivateKey) keys.getKey("course", password.toCharArray());
            return new TlsIdentity(key, List.of((X509Certificate) keys.getCertificate("course")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read what keytool made: " + e.getMessage(), e);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(store);
            Files.deleteIfExists(log);
        }
    }

    private static String alternativeName(String name) {
        return (isAddress(name) ? "ip:" : "dns:") + name;
    }
}
