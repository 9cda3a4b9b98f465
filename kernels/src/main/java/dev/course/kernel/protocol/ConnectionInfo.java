package dev.course.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file Jupyter writes before launching a kernel: where to bind the five sockets and
 * which key signs the messages.
 *
 * @param transport       {@code tcp} or {@code ipc}
 * @param ip              address to bind, e.g. {@code 127.0.0.1}
 * @param shellPort       shell ROUTER socket
 * @param iopubPort       IOPub PUB socket
 * @param stdinPort       stdin ROUTER socket
 * @param controlPort     control ROUTER socket
 * @param hbPort          heartbeat REP socket
 * @param key             HMAC key; empty means unsigned messages
 * @param signatureScheme e.g. {@code hmac-sha256}, the only scheme this kernel supports
 */
public record ConnectionInfo(
        String transport,
        String ip,
        int shellPort,
        int iopubPort,
        int stdinPort,
        int controlPort,
        int hbPort,
        String key,
        String signatureScheme) {

    /** The only signature scheme the kernel implements (and the one Jupyter always uses). */
    public static final String HMAC_SHA256 = "hmac-sha256";

    public ConnectionInfo {
        if (!key.isEmpty() && !HMAC_SHA256.equals(signatureScheme)) {
            throw new IllegalArgumentException("unsupported signature scheme: " + signatureScheme);
        }
    }

    /** Reads a connection file. */
    public static ConnectionInfo read(Path file) throws IOException {
        return fromJson(Json.parse(Files.readString(file)));
    }

    /** Reads the JSON of a connection file. */
    public static ConnectionInfo fromJson(JsonNode json) {
        return new ConnectionInfo(
                json.path("transport").asText("tcp"),
                json.path("ip").asText("127.0.0.1"),
                json.path("shell_port").asInt(),
                json.path("iopub_port").asInt(),
                json.path("stdin_port").asInt(),
                json.path("control_port").asInt(),
                json.path("hb_port").asInt(),
                json.path("key").asText(""),
                json.path("signature_scheme").asText(HMAC_SHA256));
    }

    /** The ZMQ endpoint for a port, e.g. {@code tcp://127.0.0.1:5555}; for ipc, Jupyter's {@code ip-port} path. */
    public String endpoint(int port) {
        return "ipc".equals(transport) ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }

    /** A signer for this connection's key. */
    public HmacSigner signer() {
        return new HmacSigner(key);
    }
}
