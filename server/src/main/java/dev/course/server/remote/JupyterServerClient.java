package dev.course.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Messages;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The kernel half of the Jupyter Server REST API ({@code /api/kernels}), which Jupyter Kernel Gateway
 * and Enterprise Gateway serve too. It only starts, inspects, interrupts and deletes kernels; the
 * messages themselves go over the channels WebSocket ({@link #openChannels}).
 *
 * <p>Every request carries {@code Authorization: token …}: token-authenticated requests are exempt
 * from Jupyter's XSRF check, so no cookie dance is needed.
 */
public final class JupyterServerClient {

    /** Long enough for a gateway to schedule a kernel pod and pull its image. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /**
     * @param base  the server's base URL, e.g. {@code http://127.0.0.1:8888/} (a base_url path is kept)
     * @param token the server's token, or empty when it runs without one
     */
    public JupyterServerClient(URI base, String token) {
        this(base, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    public JupyterServerClient(URI base, String token, HttpClient http) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.token = token == null ? "" : token;
        this.http = http;
    }

    /** {@code POST /api/kernels}: starts a kernel from the named kernelspec. */
    public KernelModel start(String kernelName) throws IOException, InterruptedException {
        return start(kernelName, Map.of());
    }

    /**
     * {@code POST /api/kernels} with an {@code env} object. Jupyter Server 1.x does not use it; Enterprise
     * Gateway passes {@code KERNEL_*} variables to the kernel's launcher (e.g. {@code KERNEL_USERNAME},
     * {@code KERNEL_NAMESPACE} on Kubernetes), which is how a workshop tags a pod with its learner.
     * The call returns once the kernel has started, which on a cluster includes scheduling a pod.
     */
    public KernelModel start(String kernelName, Map<String, String> env) throws IOException, InterruptedException {
        ObjectNode body = Messages.JSON.createObjectNode().put("name", kernelName);
        if (!env.isEmpty()) {
            ObjectNode vars = body.putObject("env");
            env.forEach(vars::put);
        }
        return KernelModel.of(send("POST", "api/kernels", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** {@code GET /api/kernels/{id}}, empty if the server does not know the kernel (any more). */
    public Optional<KernelModel> kernel(String id) throws IOException, InterruptedException {
        try {
            return Optional.of(KernelModel.of(send("GET", "api/kernels/" + id, HttpRequest.BodyPublishers.noBody())));
        } catch (JupyterServerException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code POST /api/kernels/{id}/interrupt}: the server interrupts the kernel as its kernelspec says (ours: a message). */
    public void interrupt(String id) throws IOException, InterruptedException {
        send("POST", "api/kernels/" + id + "/interrupt", HttpRequest.BodyPublishers.noBody());
    }

    /**
     * {@code POST /api/kernels/{id}/restart}: the server shuts the kernel down (asking first, then
     * killing it) and starts it again under the same id, with empty state. Returns once it is back.
     */
    public KernelModel restart(String id) throws IOException, InterruptedException {
        return KernelModel.of(send("POST", "api/kernels/" + id + "/restart", HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code GET /api/kernels}: every kernel the server runs, whoever started it. */
    public List<KernelModel> kernels() throws IOException, InterruptedException {
        List<KernelModel> kernels = new ArrayList<>();
        send("GET", "api/kernels", HttpRequest.BodyPublishers.noBody()).forEach(json -> kernels.add(KernelModel.of(json)));
        return kernels;
    }

    /**
     * {@code GET /api/kernelspecs}: the names of the kernelspecs the server can start. Also the
     * cheapest call that proves the URL is a Jupyter kernel API and the token is accepted.
     */
    public Set<String> kernelspecs() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        send("GET", "api/kernelspecs", HttpRequest.BodyPublishers.noBody()).path("kernelspecs").fieldNames()
                .forEachRemaining(names::add);
        return names;
    }

    /** {@code DELETE /api/kernels/{id}}: shuts the kernel down. */
    public void delete(String id) throws IOException, InterruptedException {
        send("DELETE", "api/kernels/" + id, HttpRequest.BodyPublishers.noBody());
    }

    /**
     * Opens the channels WebSocket as a plain message pipe (token in the header): every message goes
     * to {@code onMessage}, and {@code onClosed} hears why the socket closed.
     */
    public ChannelsSocket openChannels(String id, Consumer<JsonNode> onMessage, Consumer<String> onClosed)
            throws IOException, InterruptedException {
        return openChannels(id, UUID.randomUUID().toString(), false, onMessage, onClosed);
    }

    /**
     * The same, for a given session id (the one the caller's message headers carry); with
     * {@code tokenInQuery} the token goes as {@code ?token=} instead of a header, for proxies in front
     * of a gateway that drop headers on the WebSocket upgrade (browsers cannot set them either). The
     * header is preferred otherwise: a query string ends up in access logs.
     */
    ChannelsSocket openChannels(String id, String session, boolean tokenInQuery, Consumer<JsonNode> onMessage,
                                Consumer<String> onClosed) throws IOException, InterruptedException {
        URI uri = channelsUri(id, session);
        if (tokenInQuery && !token.isEmpty()) {
            uri = URI.create(uri + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        }
        return ChannelsSocket.open(http, uri, tokenInQuery ? "" : token, onMessage, onClosed);
    }

    /** The server's base URL, for messages. */
    public URI base() {
        return base;
    }

    /**
     * The ws:// (or wss://) URL of a kernel's channels socket. The session id is the one our message
     * headers carry, so a server that buffers messages for a dropped connection can match them up.
     */
    URI channelsUri(String id, String session) {
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getRawAuthority() + base.getRawPath() + "api/kernels/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/channels?session_id=" + session);
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").method(method, body);
        if (!token.isEmpty()) {
            request.header("Authorization", "token " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new JupyterServerException(method + " " + path, response.statusCode(), response.body());
        }
        String text = response.body();
        return text == null || text.isBlank() ? Messages.JSON.nullNode() : Messages.JSON.readTree(text);
    }
}
