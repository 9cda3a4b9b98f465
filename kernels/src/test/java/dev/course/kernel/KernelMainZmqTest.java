package dev.course.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import dev.course.kernel.protocol.KernelLaunch;
import dev.course.kernel.protocol.Header;

/**
 * The kernel as Jupyter uses it: a real child process with a connection file, and a JeroMQ client
 * that signs its messages and checks the kernel's signatures — with its own HMAC, not the kernel's.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KernelMainZmqTest {

    private static final String KEY = "a0436f6c-1916-498b-8eb9-e81ab9368e84";
    private static final int RECEIVE_TIMEOUT_MILLIS = 30_000;

    private final String session = UUID.randomUUID().toString();

    @Test
    void servesJupyterOverSignedZmqMessages(@TempDir Path dir) throws Exception {
        int[] ports = freePorts(5);
        Path connectionFile = dir.resolve("kernel-test.json");
        Files.writeString(connectionFile, Json.write(Json.object(
                "transport", "tcp", "ip", "127.0.0.1",
                "shell_port", ports[0], "iopub_port", ports[1], "stdin_port", ports[2],
                "control_port", ports[3], "hb_port", ports[4],
                "key", KEY, "signature_scheme", "hmac-sha256", "kernel_name", "course-java")));

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(KernelLaunch.JVM_FLAGS);
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelMain.class.getName(),
                "--connection-file", connectionFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kernel.log").toFile()).start();

        try (ZContext context = new ZContext()) {
            ZMQ.Socket shell = connect(context, SocketType.DEALER, ports[0]);
            ZMQ.Socket control = connect(context, SocketType.DEALER, ports[3]);
            ZMQ.Socket heartbeat = connect(context, SocketType.REQ, ports[4]);
            ZMQ.Socket iopub = connect(context, SocketType.SUB, ports[1]);
            iopub.subscribe(new byte[0]);

            // Like jupyter_client: ask for kernel info until IOPub shows we are subscribed.
            String infoId = waitUntilIopubIsConnected(shell, iopub);
            JsonNode info = receiveUntil(shell, infoId, "kernel_info_reply");
            assertEquals("course-java", info.path("content").path("implementation").asText());

            heartbeat.send("ping");
            assertArrayEquals("ping".getBytes(StandardCharsets.UTF_8), heartbeat.recv(0), "the heartbeat echoes");

            String executeId = send(shell, "execute_request", Json.object("code", "System.out.println(\"hi\");\n6 * 7"), KEY);
            List<JsonNode> published = receiveIopubUntilIdle(iopub, executeId);
            List<String> types = published.stream().map(m -> m.path("header").path("msg_type").asText()).toList();
            assertEquals(List.of("status", "execute_input", "stream", "execute_result", "status"), types);
            assertEquals("busy", published.getFirst().path("content").path("execution_state").asText());
            assertEquals("hi\n", published.get(2).path("content").path("text").asText());
            assertEquals("42", published.get(3).path("content").path("data").path("text/plain").asText());
            JsonNode reply = receiveUntil(shell, executeId, "execute_reply");
            assertEquals("ok", reply.path("content").path("status").asText());

            String failingId = send(shell, "execute_request", Json.object("code", "int zero = 0;\n1 / zero"), KEY);
            JsonNode error = receiveUntil(shell, failingId, "execute_reply").path("content");
            assertEquals("error", error.path("status").asText());
            assertEquals("\u001b[1;31mjava.lang.ArithmeticException: / by zero\u001b[0m", error.path("traceback").get(0).asText(),
                    "Jupyter gets the headline in bold red");
            assertEquals("\u001b[32m    at line 2\u001b[0m", error.path("traceback").get(1).asText(), "and the cell's frame in green");

            send(shell, "execute_request", Json.object("code", "System.out.println(\"forged\");"), "wrong key");
            assertNull(receiveWithin(shell, 1000), "a badly signed message gets no answer");
            String afterForgery = send(shell, "kernel_info_request", Json.object(), KEY);
            receiveUntil(shell, afterForgery, "kernel_info_reply");

            String shutdownId = send(control, "shutdown_request", Json.object("restart", false), KEY);
            JsonNode shutdown = receiveUntil(control, shutdownId, "shutdown_reply");
            assertEquals("ok", shutdown.path("content").path("status").asText());
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "shutdown ends the process");
            assertEquals(0, process.exitValue());
            assertTrue(Files.readString(dir.resolve("kernel.log")).contains("bad signature"),
                    "the forged message was logged and dropped");
        } finally {
            process.destroyForcibly();
        }
    }

    private String waitUntilIopubIsConnected(ZMQ.Socket shell, ZMQ.Socket iopub) {
        iopub.setReceiveTimeOut(200);
        long deadline = System.currentTimeMillis() + RECEIVE_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            String id = send(shell, "kernel_info_request", Json.object(), KEY);
            List<byte[]> frames;
            while ((frames = receiveFrames(iopub)) != null) {
                JsonNode message = verifiedMessage(frames);
                if (message.path("parent_header").path("msg_id").asText().equals(id)) {
                    return id;
                }
            }
        }
        throw new AssertionError("IOPub never delivered a message");
    }

    private String send(ZMQ.Socket socket, String msgType, ObjectNode content, String key) {
        String msgId = UUID.randomUUID().toString();
        byte[] header = utf8(Json.write(Json.object("msg_id", msgId, "session", session, "username", "test",
                "date", Instant.now().toString(), "msg_type", msgType, "version", Header.PROTOCOL_VERSION)));
        byte[] parent = utf8("{}");
        byte[] metadata = utf8("{}");
        byte[] body = utf8(Json.write(content));
        socket.sendMore("<IDS|MSG>");
        socket.sendMore(hmac(key, header, parent, metadata, body));
        socket.sendMore(header);
        socket.sendMore(parent);
        socket.sendMore(metadata);
        socket.send(body, 0);
        return msgId;
    }

    private JsonNode receiveUntil(ZMQ.Socket socket, String parentId, String msgType) {
        socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
        while (true) {
            List<byte[]> frames = receiveFrames(socket);
            if (frames == null) {
                throw new AssertionError("no " + msgType + " to " + parentId);
            }
            JsonNode message = verifiedMessage(frames);
            if (message.path("parent_header").path("msg_id").asText().equals(parentId)
                    && message.path("header").path("msg_type").asText().equals(msgType)) {
                return message;
            }
        }
    }

    private List<JsonNode> receiveIopubUntilIdle(ZMQ.Socket iopub, String parentId) {
        iopub.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
        List<JsonNode> messages = new ArrayList<>();
        while (true) {
            List<byte[]> frames = receiveFrames(iopub);
            if (frames == null) {
                throw new AssertionError("IOPub went quiet; got " + messages);
            }
            JsonNode message = verifiedMessage(frames);
            if (!message.path("parent_header").path("msg_id").asText().equals(parentId)) {
                continue;
            }
            messages.add(message);
            if (message.path("content").path("execution_state").asText().equals("idle")) {
                return messages;
            }
        }
    }

    private JsonNode receiveWithin(ZMQ.Socket socket, int millis) {
        socket.setReceiveTimeOut(millis);
        List<byte[]> frames = receiveFrames(socket);
        return frames == null ? null : verifiedMessage(frames);
    }

    private static List<byte[]> receiveFrames(ZMQ.Socket socket) {
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    /** Parses a kernel message after checking its signature with an HMAC computed here. */
    private static JsonNode verifiedMessage(List<byte[]> frames) {
        int delimiter = 0;
        while (!new String(frames.get(delimiter), StandardCharsets.UTF_8).equals("<IDS|MSG>")) {
            delimiter++;
        }
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        assertEquals(hmac(KEY, header, parent, metadata, content), new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII),
                "the kernel signs with the connection file's key");
        return Json.object(
                "header", Json.parse(new String(header, StandardCharsets.UTF_8)),
                "parent_header", Json.parse(new String(parent, StandardCharsets.UTF_8)),
                "content", Json.parse(new String(content, StandardCharsets.UTF_8)));
    }

    private static String hmac(String key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ZMQ.Socket connect(ZContext context, SocketType type, int port) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        socket.connect("tcp://127.0.0.1:" + port);
        return socket;
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
        return ports;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
