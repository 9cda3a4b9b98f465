package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code serve --gateway} says when the gateway cannot be used, against a small HTTP server
 * that answers {@code GET /api/kernelspecs} the way a misconfigured one would. (ServeOnGatewayIT
 * checks the token and kernelspec messages against a real Jupyter Server.)
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GatewayKernelsTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String answering(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static String refusal(String url, String token) {
        return assertThrows(GatewayUnusableException.class,
                () -> GatewayKernels.connect(url, token, GatewayKernels.DEFAULT_KERNEL, KernelLimits.defaults())).getMessage();
    }

    @Test
    void aRefusedTokenSaysWhereTheTokenGoes() throws IOException {
        String url = answering(403, "application/json", "{\"message\": \"Forbidden\"}");
        String message = refusal(url, "wrong");
        assertTrue(message.contains("refused the token") && message.contains("--gateway-token")
                && message.contains("COURSE_GATEWAY_TOKEN"), message);
        assertTrue(refusal(url, "").contains("without a token"));
    }

    @Test
    void aMissingKernelspecSaysToInstallItOnTheGatewayHost() throws IOException {
        String url = answering(200, "application/json",
                "{\"default\": \"python3\", \"kernelspecs\": {\"python3\": {\"name\": \"python3\"}}}");
        String message = refusal(url, "t");
        assertTrue(message.contains("no kernelspec 'course-java'") && message.contains("it has: python3")
                && message.contains("./course kernel install") && message.contains("--gateway-kernel"), message);
    }

    @Test
    void aGatewayWithTheKernelspecIsAccepted() throws IOException {
        String url = answering(200, "application/json", "{\"kernelspecs\": {\"course-java\": {}}}");
        GatewayKernels gateway = assertDoesNotRefuse(url);
        assertTrue(gateway.remote());
        assertFalse(gateway.sandboxed(), "this server does not sandbox remote kernels");
        assertTrue(gateway.memoryLimitMegabytes().isEmpty(), "memory is unknown, not made up");
        assertTrue(gateway.describe().startsWith("remote:"), gateway.describe());
        gateway.close();
    }

    private static GatewayKernels assertDoesNotRefuse(String url) {
        try {
            return GatewayKernels.connect(url, "t", GatewayKernels.DEFAULT_KERNEL, KernelLimits.defaults());
        } catch (GatewayUnusableException e) {
            throw new AssertionError(e.getMessage());
        }
    }

    @Test
    void notAJupyterApiSaysToCheckTheUrl() throws IOException {
        String missing = refusal(answering(404, "text/html", "<h1>Not found</h1>"), "t");
        assertTrue(missing.contains("no Jupyter kernel API") && missing.contains("base path"), missing);
        stop();
        String html = refusal(answering(200, "text/html", "<html>a blog</html>"), "t");
        assertTrue(html.contains("not like a Jupyter kernel API"), html);
    }

    @Test
    void anUnreachableGatewaySaysToCheckThatItRuns() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String message = refusal("http://127.0.0.1:" + port + "/", "t");
        assertTrue(message.contains("cannot reach the gateway") && message.contains("connection refused"), message);
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedBeforeAnyRequest() {
        assertEquals("--gateway needs the gateway's http:// or https:// URL, e.g. http://gateway-host:8888/ (got 'gateway:8888')",
                refusal("gateway:8888", "t"));
    }
}
