package dev.course.server.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PEM pair a server is given, and the self-signed one a workshop makes with the JDK's keytool. */
@Timeout(120)
class TlsIdentityTest {

    @TempDir
    Path dir;

    @Test
    void aWorkshopCertificateIsMadeOnceKeptPrivateAndReusedOnRestart() throws Exception {
        SelfSignedCertificate.Loaded first = SelfSignedCertificate.loadOrCreate(dir, "127.0.0.1", null);
        assertTrue(first.created());
        Path key = dir.resolve(SelfSignedCertificate.KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), "the key is the server user's alone");
        assertTrue(SelfSignedCertificate.usable(first.identity().certificate(), Set.of("localhost", "127.0.0.1", "::1")),
                "it names every loopback name: " + first.identity().certificate().getSubjectAlternativeNames());

        SelfSignedCertificate.Loaded again = SelfSignedCertificate.loadOrCreate(dir, "127.0.0.1", null);
        assertFalse(again.created(), "a restart reuses it");
        assertEquals(first.identity().fingerprint(), again.identity().fingerprint(), "so learners' fingerprint stays the same");

        SelfSignedCertificate.Loaded renamed = SelfSignedCertificate.loadOrCreate(dir, "127.0.0.1", "https://course.example.org:7070");
        assertTrue(renamed.created(), "a name it does not cover makes a new one");
        assertTrue(SelfSignedCertificate.usable(renamed.identity().certificate(), Set.of("course.example.org", "127.0.0.1")));
        assertNotEquals(first.identity().fingerprint(), renamed.identity().fingerprint());
    }

    @Test
    void theFingerprintIsTheSha256OfTheCertificateAsBrowsersShowIt() throws Exception {
        TlsIdentity identity = SelfSignedCertificate.loadOrCreate(dir, "127.0.0.1", null).identity();
        String expected = HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-256").digest(identity.certificate().getEncoded()));
        assertEquals(expected, identity.fingerprint().replace(":", ""));
        assertTrue(identity.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), identity.fingerprint());
    }

    @Test
    void aGoodPairIsReadAndEveryBadOneIsRefusedInOneLine() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        SelfSignedCertificate.loadOrCreate(a, "127.0.0.1", null);
        SelfSignedCertificate.loadOrCreate(b, "127.0.0.1", null);
        Path certA = a.resolve(SelfSignedCertificate.CERTIFICATE_FILE);
        Path keyA = a.resolve(SelfSignedCertificate.KEY_FILE);
        Path keyB = b.resolve(SelfSignedCertificate.KEY_FILE);

        assertEquals(SelfSignedCertificate.loadOrCreate(a, "127.0.0.1", null).identity().fingerprint(),
                TlsIdentity.readPem(certA, keyA).fingerprint());

        assertRefused("is not the key of --tls-cert", () -> TlsIdentity.readPem(certA, keyB));
        assertRefused("--tls-cert " + dir.resolve("missing.pem") + ": no such file",
                () -> TlsIdentity.readPem(dir.resolve("missing.pem"), keyA));
        assertRefused("--tls-key " + dir.resolve("missing.key") + ": no such file",
                () -> TlsIdentity.readPem(certA, dir.resolve("missing.key")));
        assertRefused("holds no PEM certificate", () -> TlsIdentity.readPem(keyA, keyA));
        assertRefused("holds no PEM private key", () -> TlsIdentity.readPem(certA, certA));

        Path oldStyle = dir.resolve("old.key");
        Files.writeString(oldStyle, Files.readString(keyA).replace("PRIVATE KEY", "EC PRIVATE KEY"));
        assertRefused("openssl pkcs8 -topk8 -nocrypt", () -> TlsIdentity.readPem(certA, oldStyle));
        Path encrypted = dir.resolve("encrypted.key");
        Files.writeString(encrypted, Files.readString(keyA).replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"));
        assertRefused("is encrypted", () -> TlsIdentity.readPem(certA, encrypted));
        Path binary = dir.resolve("cert.der");
        Files.write(binary, TlsIdentity.readPem(certA, keyA).certificate().getEncoded());
        assertRefused("--tls-cert " + binary, () -> TlsIdentity.readPem(binary, keyA));
    }

    @Test
    void hstsIsSentForRealNamesButNotForLoopback() {
        assertTrue(TlsConnector.strictTransportSecurity("localhost").isEmpty());
        assertTrue(TlsConnector.strictTransportSecurity("127.0.0.1").isEmpty());
        assertTrue(TlsConnector.strictTransportSecurity("::1").isEmpty());
        assertEquals("max-age=604800", TlsConnector.strictTransportSecurity("course.example.org").orElseThrow());
    }

    private static void assertRefused(String expected, org.junit.jupiter.api.function.Executable read) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, read);
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
    }
}
