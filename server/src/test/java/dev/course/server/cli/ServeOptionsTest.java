package dev.course.server.cli;

import dev.course.server.web.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve} options checked before anything starts: TLS mistakes (one line, exit 2) and the kernel caps. */
@Timeout(120)
class ServeOptionsTest {

    @TempDir
    Path dir;

    private String serveMistake(String... tlsArgs) {
        String[] all = java.util.stream.Stream.concat(
                java.util.stream.Stream.of("serve", "--port", "0", "--database", dir.resolve("p.db").toString()),
                java.util.stream.Stream.of(tlsArgs)).toArray(String[]::new);
        return CourseCliTest.run(all).mistake();
    }

    @Test
    void aWorkshopSizesThePerAddressKernelCapFromItsWarmKernels() {
        assertEquals(12, perAddress(), "one learner on this machine: the default");
        assertEquals(12, perAddress("--workshop", "--warm-kernels", "2"), "a small room: at least the default");
        assertEquals(60, perAddress("--workshop", "--warm-kernels", "20"), "three kernels per learner of a room behind one NAT address");
        assertEquals(64, perAddress("--workshop", "--warm-kernels", "40"), "never more than --max-kernels");
        assertEquals(5, perAddress("--workshop", "--warm-kernels", "40", "--max-kernels-per-address", "5"), "unless given");
    }

    private static int perAddress(String... args) {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs(args);
        return serve.kernelsPerAddress();
    }

    @Test
    void aCertificateWithoutItsKeyOrWithAnotherKeyIsRefused() {
        SelfSignedCertificate.loadOrCreate(dir.resolve("a"), "127.0.0.1", null);
        SelfSignedCertificate.loadOrCreate(dir.resolve("b"), "127.0.0.1", null);
        String certA = dir.resolve("a").resolve(SelfSignedCertificate.CERTIFICATE_FILE).toString();
        String keyB = dir.resolve("b").resolve("tls-self-signed.key").toString();

        String alone = serveMistake("--tls-cert", certA);
        assertTrue(alone.contains("--tls-cert and --tls-key go together"), alone);
        String mismatched = serveMistake("--tls-cert", certA, "--tls-key", keyB);
        assertTrue(mismatched.startsWith("course serve: --tls-key " + keyB + " is not the key of --tls-cert " + certA), mismatched);
        String missing = serveMistake("--tls-cert", dir.resolve("nope.pem").toString(), "--tls-key", keyB);
        assertTrue(missing.contains("nope.pem: no such file"), missing);
        String plainPublicUrl = serveMistake("--tls-cert", certA, "--tls-key", dir.resolve("a").resolve("tls-self-signed.key").toString(),
                "--public-url", "http://course.example.org");
        assertTrue(plainPublicUrl.contains("--public-url must be https://"), plainPublicUrl);
    }
}
