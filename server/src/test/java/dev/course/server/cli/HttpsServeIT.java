package dev.course.server.cli;

import dev.course.server.remote.JupyterServerProcess;
import dev.course.server.web.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code course serve --workshop} as a learner's browser meets it: HTTPS with a self-signed
 * certificate whose fingerprint the server printed, a client that trusts exactly that fingerprint,
 * cookies that only travel over HTTPS, plain HTTP on the same port redirected, and the same
 * certificate after a restart.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HttpsServeIT {

    private static final Pattern FINGERPRINT = Pattern.compile("HTTPS certificate SHA-256 fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");
    private static final Pattern INSTRUCTOR = Pattern.compile("Instructor: open (https://\\S+)");

    @TempDir
    Path dir;

    @Test
    void aWorkshopServesHttpsThatLearnersCheckByTheFingerprint() throws Exception {
        int port = JupyterServerProcess.freePort();
        String fingerprint;
        Process server = serve(port, dir.resolve("first.log"));
        try {
            String log = Files.readString(dir.resolve("first.log"));
            fingerprint = match(FINGERPRINT, log);
            assertTrue(log.contains("The course is open at https://127.0.0.1:" + port + "/"), log);
            HttpClient browser = trusting(fingerprint);

            HttpResponse<String> home = browser.send(get("https://127.0.0.1:" + port + "/"), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, home.statusCode(), home.body());
            String learnerCookie = cookie(home, "course_learner");
            assertTrue(learnerCookie.contains("; Secure"), "over TLS the learner cookie is Secure: " + learnerCookie);
            assertTrue(learnerCookie.contains("; HttpOnly") && learnerCookie.contains("SameSite=Lax"), learnerCookie);
            assertTrue(learnerCookie.contains("Max-Age=604800"), "a workshop's learner cookie lives a week: " + learnerCookie);
            assertTrue(home.headers().firstValue("Strict-Transport-Security").isEmpty(),
                    "no HSTS for a loopback name (it would hold for every port of localhost)");

            HttpResponse<String> lesson = browser.send(get("https://127.0.0.1:" + port + "/learn/foundations/vectors-and-similarity"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, lesson.statusCode(), "with no workshop running, workshop mode opens no lesson (fails closed)");

            HttpResponse<String> instructor = browser.send(get(match(INSTRUCTOR, log)), HttpResponse.BodyHandlers.ofString());
            String session = cookie(instructor, "course_instructor");
            assertTrue(session.contains("; Secure") && session.contains("SameSite=Strict"), session);

            HttpResponse<String> plain = HttpClient.newHttpClient().send(get("http://127.0.0.1:" + port + "/learn/x?y=1"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, plain.statusCode(), "plain HTTP on the same port is redirected: " + plain.body());
            assertEquals("https://127.0.0.1:" + port + "/learn/x?y=1", plain.headers().firstValue("Location").orElse(""));
            assertTrue(plain.headers().allValues("Set-Cookie").isEmpty(), "and gets no cookie");
            assertTrue(plain.headers().firstValue("Strict-Transport-Security").isEmpty(), "nor HSTS, which only TLS may send");

            assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient()
                    .send(get("https://127.0.0.1:" + port + "/healthz"), HttpResponse.BodyHandlers.ofString()),
                    "a client that did not check the fingerprint does not trust a self-signed certificate");
            assertThrows(SSLHandshakeException.class, () -> trusting(fingerprint.replaceFirst("^..", "00".equals(fingerprint.substring(0, 2)) ? "11" : "00"))
                    .send(get("https://127.0.0.1:" + port + "/healthz"), HttpResponse.BodyHandlers.ofString()),
                    "nor does one that expects another fingerprint");
        } finally {
            stop(server);
        }

        Process again = serve(port, dir.resolve("second.log"));
        try {
            String log = Files.readString(dir.resolve("second.log"));
            assertEquals(fingerprint, match(FINGERPRINT, log), "a restart serves the same certificate: " + log);
            assertEquals(200, trusting(fingerprint).send(get("https://127.0.0.1:" + port + "/healthz"),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            stop(again);
        }
    }

    /** {@code serve --workshop} on {@code port}, once its fingerprint line is printed and it answers over HTTPS. */
    private Process serve(int port, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of("serve", "--workshop", "--warm-kernels", "0", "--port", Integer.toString(port),
                "--database", dir.resolve("progress.db").toString()));
        Process process = new ProcessBuilder(JupyterServerProcess.courseCli(command.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            String printed = Files.readString(log);
            if (FINGERPRINT.matcher(printed).find() && INSTRUCTOR.matcher(printed).find()) {
                return process;
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start: " + Files.readString(log));
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    /** A client that trusts exactly the certificate with this SHA-256 fingerprint, as a learner who checked it. */
    private static HttpClient trusting(String fingerprint) throws Exception {
        X509TrustManager pinned = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (!TlsIdentity.fingerprint(chain[0]).equals(fingerprint)) {
                    throw new CertificateException("not the certificate with fingerprint " + fingerprint);
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a client certificate is not expected");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{pinned}, null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith(name + "="))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie: " + response.headers().map()));
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), pattern + " in " + text);
        return matcher.group(1);
    }
}
