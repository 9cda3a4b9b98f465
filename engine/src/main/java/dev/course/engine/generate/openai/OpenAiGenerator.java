package dev.course.engine.generate.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.generate.ChatMessage;
import dev.course.engine.generate.Generation;
import dev.course.engine.generate.GenerationException;
import dev.course.engine.generate.GenerationRequest;
import dev.course.engine.generate.Generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A client for any server that speaks OpenAI's chat completions API: Ollama, the llama.cpp server,
 * vLLM, LM Studio. It asks for a stream and reads the answer as server-sent events, one
 * {@code data: {...}} line per piece of text, until {@code data: [DONE]}.
 *
 * <p>Two timeouts: connecting (and waiting for the response headers), and the longest silence
 * allowed between two pieces of a streamed answer.
 */
public final class OpenAiGenerator implements Generator {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The model name sent when none is configured (servers with one model ignore it). */
    public static final String DEFAULT_MODEL = "default";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final HttpClient http;

    /**
     * @param baseUrl        the server, e.g. {@code http://localhost:11434/v1} (a bare host gets {@code /v1})
     * @param model          the model name to ask for
     * @param apiKey         a bearer token, or null
     */
    public OpenAiGenerator(String baseUrl, String model, String apiKey, Duration connectTimeout, Duration idleTimeout) {
        this.endpoint = endpoint(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.model = model == null || model.isBlank() ? DEFAULT_MODEL : model;
        this.apiKey = apiKey;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public OpenAiGenerator(String baseUrl, String model) {
        this(baseUrl, model, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * A client configured from system properties or the environment: {@code course.openai.model} /
     * {@code OPENAI_MODEL}, {@code course.openai.key} / {@code OPENAI_API_KEY},
     * {@code course.openai.timeout} / {@code OPENAI_TIMEOUT} (seconds of silence allowed).
     */
    public static OpenAiGenerator configured(String baseUrl) {
        String timeout = setting("course.openai.timeout", "OPENAI_TIMEOUT");
        Duration idle = timeout == null ? DEFAULT_IDLE_TIMEOUT : Duration.ofSeconds(Long.parseLong(timeout));
        return new OpenAiGenerator(baseUrl, setting("course.openai.model", "OPENAI_MODEL"),
                setting("course.openai.key", "OPENAI_API_KEY"), DEFAULT_CONNECT_TIMEOUT, idle);
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }

    /** {@code .../chat/completions} for a base URL. */
    static URI endpoint(String baseUrl) {
        URI uri = URI.create(baseUrl.strip());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + baseUrl + " (for example http://localhost:11434/v1)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        if (path.endsWith("/chat/completions")) return uri;
        if (path.isEmpty()) path = "/v1";
        return uri.resolve(path + "/chat/completions");
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String name() {
        return model + " at " + endpoint.getScheme() + "://" + endpoint.getAuthority() + " (OpenAI API)";
    }

    /** The JSON body for a request. */
    String body(GenerationRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        body.put("stream", true);
        body.put("max_tokens", request.maxTokens());
        body.put("temperature", request.sampling().temperature());
        body.put("top_p", request.sampling().topP());
        body.put("seed", request.sampling().seed());
        if (request.sampling().repetitionPenalty() > 1) {
            body.put("frequency_penalty", Math.min(2.0, request.sampling().repetitionPenalty() - 1));
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        return body.toString();
    }

    @Override
    public Generation generate(GenerationRequest request, Consumer<String> onText) {
        var builder = HttpRequest.newBuilder(endpoint)
                .timeout(connectTimeout.plus(idleTimeout))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(request)));
        if (apiKey != null && !apiKey.isBlank()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (HttpTimeoutException e) {
            throw new GenerationException("the server at " + endpoint + " did not answer within "
                    + connectTimeout.plus(idleTimeout).toSeconds() + " s", e);
        } catch (IOException e) {
            throw new GenerationException("talking to " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted while waiting for " + endpoint, e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw httpError(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return readStream(in, request, onText, start);
        } catch (IOException e) {
            throw new GenerationException("the stream from " + endpoint + " broke off: " + e.getMessage(), e);
        }
    }

    private GenerationException unreachable(Exception e) {
        return new GenerationException("cannot reach an OpenAI-compatible server at " + endpoint.getScheme() + "://"
                + endpoint.getAuthority() + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + "). Is it running? For example: 'ollama serve' (then openai:http://localhost:11434/v1) or "
                + "'llama-server -m model.gguf' (then openai:http://localhost:8080/v1).", e);
    }

    private GenerationException httpError(int status, String body) {
        String detail = body;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) detail = error.asText();
            else if (error.has("message")) detail = error.get("message").asText();
        } catch (IOException notJson) {
            // keep the raw body
        }
        String hint = status == 401 || status == 403 ? " (check the API key: OPENAI_API_KEY)"
                : status == 404 ? " (check the URL and the model name: OPENAI_MODEL)" : "";
        return new GenerationException("the server at " + endpoint + " answered HTTP " + status + ": "
                + detail.strip() + hint);
    }

    /** Reads server-sent events until {@code [DONE]}, a finish reason, or the end of the stream. */
    private Generation readStream(InputStream in, GenerationRequest request, Consumer<String> onText, long start) throws IOException {
        var text = new StringBuilder();
        int pieces = 0;
        int promptTokens = 0;
        int completionTokens = -1;
        double firstPieceMillis = 0;
        Generation.StopReason reason = Generation.StopReason.END_OF_TEXT;
        AtomicLong lastActivity = new AtomicLong(System.nanoTime());
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "openai-idle-timeout");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastActivity.get() > idleTimeout.toNanos()) {
                timedOut.set(true);
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing is all we can do
                }
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lastActivity.set(System.nanoTime());
                if (!line.startsWith("data:")) {
                    continue;                                   // comments, event names, blank separators
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonNode event = JSON.readTree(data);
                if (event.has("error")) {
                    throw httpError(200, data);
                }
                JsonNode choice = event.path("choices").path(0);
                String piece = choice.path("delta").path("content").asText("");
                if (!piece.isEmpty()) {
                    if (pieces == 0) firstPieceMillis = (System.nanoTime() - start) / 1e6;
                    pieces++;
                    text.append(piece);
                    onText.accept(piece);
                }
                String finish = choice.path("finish_reason").asText("");
                if (finish.equals("length")) reason = Generation.StopReason.MAX_TOKENS;   // "stop" covers both end of text and stop sequences
                JsonNode usage = event.path("usage");
                if (usage.has("prompt_tokens")) promptTokens = usage.get("prompt_tokens").asInt();
                if (usage.has("completion_tokens")) completionTokens = usage.get("completion_tokens").asInt();
            }
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new GenerationException("the server at " + endpoint + " went silent for more than "
                        + idleTimeout.toSeconds() + " s in the middle of its answer", e);
            }
            throw e;
        } finally {
            watchdog.shutdownNow();
        }
        if (timedOut.get()) {
            throw new GenerationException("the server at " + endpoint + " went silent for more than "
                    + idleTimeout.toSeconds() + " s in the middle of its answer");
        }
        double total = (System.nanoTime() - start) / 1e6;
        int generated = completionTokens >= 0 ? completionTokens : pieces;
        return new Generation(text.toString(), promptTokens, generated, reason, firstPieceMillis,
                total - firstPieceMillis, List.of());
    }
}
