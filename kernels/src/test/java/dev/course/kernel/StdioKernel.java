package dev.course.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import dev.course.kernel.protocol.KernelLaunch;
import dev.course.kernel.protocol.Header;

/**
 * A kernel started as a real child process in {@code --stdio} mode, and a small client for it: what
 * the course server does, reduced to what tests need.
 */
final class StdioKernel implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final OutputStream stdin;
    private final List<JsonNode> received = new ArrayList<>();
    private final List<Long> receivedAtNanos = new ArrayList<>();
    private final List<String> notJson = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final String session = UUID.randomUUID().toString();

    private StdioKernel(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread.ofPlatform().daemon().start(this::readStdout);
        Thread.ofPlatform().daemon().start(this::readStderr);
    }

    /** Starts {@code java [extra flags] -cp <test class path> dev.course.kernel.KernelMain --stdio}. */
    static StdioKernel start(String... extraJvmFlags) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(KernelLaunch.JVM_FLAGS);
        command.add("-XX:TieredStopAtLevel=1"); // tests run short cells: start fast
        command.addAll(List.of(extraJvmFlags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelMain.class.getName(), "--stdio"));
        return new StdioKernel(new ProcessBuilder(command).start());
    }

    Process process() {
        return process;
    }

    /** Sends a request; returns its msg_id. */
    String send(String channel, String msgType, ObjectNode content) {
        return send(channel, msgType, Json.object(), content);
    }

    /** Sends a message that answers another (such as an input_reply); returns its msg_id. */
    String send(String channel, String msgType, JsonNode parentHeader, ObjectNode content) {
        String msgId = UUID.randomUUID().toString();
        ObjectNode message = Json.object(
                "channel", channel,
                "header", Json.object("msg_id", msgId, "session", session, "username", "test",
                        "date", java.time.Instant.now().toString(), "msg_type", msgType, "version", Header.PROTOCOL_VERSION),
                "parent_header", parentHeader,
                "metadata", Json.object(),
                "content", content);
        sendLine(Json.write(message));
        return msgId;
    }

    void sendLine(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the kernel's stdin is closed", e);
        }
    }

    /** The reply (shell or control) to a request; not the IOPub messages or input requests it caused. */
    JsonNode reply(String msgId) {
        return await(m -> isChild(m, msgId) && List.of("shell", "control").contains(m.path("channel").asText()), TIMEOUT);
    }

    /** The IOPub messages of a request, up to and including its {@code status: idle}. */
    List<JsonNode> iopubUntilIdle(String msgId) {
        await(m -> isChild(m, msgId) && type(m).equals("status")
                && m.path("content").path("execution_state").asText().equals("idle"), TIMEOUT);
        return messages(m -> isChild(m, msgId) && m.path("channel").asText().equals("iopub"));
    }

    /** Runs a cell and waits until it is completely done. */
    Execution execute(String code) {
        return execute(Json.object("code", code));
    }

    Execution execute(ObjectNode content) {
        String msgId = send("shell", "execute_request", content);
        List<JsonNode> iopub = iopubUntilIdle(msgId);
        return new Execution(msgId, iopub, reply(msgId));
    }

    /** Waits for a message matching the test; fails after the timeout. */
    JsonNode await(Predicate<JsonNode> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (JsonNode message : received) {
                    if (test.test(message)) {
                        return message;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching message within " + timeout + "; received " + received.size()
                            + " messages; stderr:\n" + stderr());
                }
                try {
                    received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Whether a matching message arrives within the time. */
    boolean arrives(Predicate<JsonNode> test, Duration within) {
        try {
            await(test, within);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** All messages so far that match. */
    List<JsonNode> messages(Predicate<JsonNode> test) {
        synchronized (received) {
            return received.stream().filter(test).toList();
        }
    }

    /** When (System.nanoTime) the first matching message arrived. */
    long arrivalOf(Predicate<JsonNode> test) {
        synchronized (received) {
            for (int i = 0; i < received.size(); i++) {
                if (test.test(received.get(i))) {
                    return receivedAtNanos.get(i);
                }
            }
        }
        throw new AssertionError("no such message");
    }

    /** Lines on stdout that were not JSON messages (there must be none). */
    List<String> notJsonLines() {
        synchronized (received) {
            return List.copyOf(notJson);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    static boolean isChild(JsonNode message, String msgId) {
        return message.path("parent_header").path("msg_id").asText().equals(msgId);
    }

    static String type(JsonNode message) {
        return message.path("header").path("msg_type").asText();
    }

    private void readStdout() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode message = null;
                try {
                    message = Json.parse(line);
                } catch (IllegalArgumentException e) {
                    // recorded below
                }
                synchronized (received) {
                    if (message != null && message.isObject() && message.has("header")) {
                        received.add(message);
                        receivedAtNanos.add(System.nanoTime());
                    } else {
                        notJson.add(line);
                    }
                    received.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private void readStderr() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What one execute request produced. */
    record Execution(String msgId, List<JsonNode> iopub, JsonNode reply) {

        List<JsonNode> ofType(String msgType) {
            return iopub.stream().filter(m -> type(m).equals(msgType)).toList();
        }

        String stream(String name) {
            StringBuilder text = new StringBuilder();
            for (JsonNode m : ofType("stream")) {
                if (m.path("content").path("name").asText().equals(name)) {
                    text.append(m.path("content").path("text").asText());
                }
            }
            return text.toString();
        }

        /** The text/plain of the execute_result; fails if there is none. */
        String resultText() {
            List<JsonNode> results = ofType("execute_result");
            if (results.size() != 1) {
                throw new AssertionError("expected one execute_result, got " + iopub);
            }
            return results.getFirst().path("content").path("data").path("text/plain").asText();
        }

        JsonNode error() {
            List<JsonNode> errors = ofType("error");
            if (errors.size() != 1) {
                throw new AssertionError("expected one error, got " + iopub);
            }
            return errors.getFirst().path("content");
        }

        String status() {
            return reply.path("content").path("status").asText();
        }

        List<String> traceback() {
            List<String> lines = new ArrayList<>();
            error().path("traceback").forEach(line -> lines.add(line.asText()));
            return lines;
        }
    }
}
