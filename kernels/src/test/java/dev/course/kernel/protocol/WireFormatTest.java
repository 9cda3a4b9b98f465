package dev.course.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    private final HmacSigner signer = new HmacSigner("secret");
    private final WireFormat wire = new WireFormat(signer);

    @Test
    void framesARequestAndReadsItBack() throws Exception {
        Header request = Header.create("execute_request", "client-session", "alice");
        Message message = new Message(Channel.SHELL, List.of(bytes("peer-1"), bytes("peer-2")), Header.create("execute_reply", "kernel", "kernel"),
                request, Json.object("m", 1), Json.object("status", "ok", "execution_count", 3));

        List<byte[]> frames = wire.encode(message);

        assertEquals(8, frames.size());
        assertArrayEquals(bytes("peer-1"), frames.get(0));
        assertArrayEquals(bytes("peer-2"), frames.get(1));
        assertArrayEquals(bytes("<IDS|MSG>"), frames.get(2));
        assertEquals(signer.sign(frames.get(4), frames.get(5), frames.get(6), frames.get(7)), text(frames.get(3)));
        assertEquals("execute_reply", Json.parse(text(frames.get(4))).path("msg_type").asText());

        Message decoded = wire.decode(Channel.SHELL, frames);
        assertEquals(2, decoded.identities().size());
        assertArrayEquals(bytes("peer-2"), decoded.identities().get(1));
        assertEquals(message.header(), decoded.header());
        assertEquals(request, decoded.parentHeader());
        assertEquals(message.metadata(), decoded.metadata());
        assertEquals(message.content(), decoded.content());
        assertEquals(Channel.SHELL, decoded.channel());
    }

    @Test
    void anEmptyParentHeaderMeansNoParent() throws Exception {
        Message status = new Message(Channel.IOPUB, List.of(), Header.create("status", "k", "kernel"), null,
                Json.object(), Json.object("execution_state", "starting"));
        List<byte[]> frames = wire.encode(status);
        assertEquals("{}", text(frames.get(3)));
        assertNull(wire.decode(Channel.IOPUB, frames).parentHeader());
    }

    @Test
    void rejectsABadSignature() {
        List<byte[]> frames = new ArrayList<>(wire.encode(someMessage()));
        frames.set(1, bytes("0".repeat(64)));
        var error = assertThrows(WireFormat.InvalidMessageException.class, () -> wire.decode(Channel.SHELL, frames));
        assertEquals("bad signature", error.getMessage());

        List<byte[]> tampered = new ArrayList<>(wire.encode(someMessage()));
        tampered.set(5, bytes("{\"code\":\"System.exit(0)\"}"));
        assertThrows(WireFormat.InvalidMessageException.class, () -> wire.decode(Channel.SHELL, tampered));
    }

    @Test
    void rejectsFramesWithoutDelimiterOrWithTooFewParts() {
        assertThrows(WireFormat.InvalidMessageException.class,
                () -> wire.decode(Channel.SHELL, List.of(bytes("a"), bytes("b"))));
        assertThrows(WireFormat.InvalidMessageException.class,
                () -> wire.decode(Channel.SHELL, List.of(WireFormat.DELIMITER, bytes(""), bytes("{}"))));
    }

    @Test
    void withoutAKeyTheSignatureFrameIsEmptyAndAnythingGoes() throws Exception {
        WireFormat unsigned = new WireFormat(new HmacSigner(""));
        List<byte[]> frames = unsigned.encode(someMessage());
        assertEquals("", text(frames.get(1)));
        assertEquals("execute_request", unsigned.decode(Channel.SHELL, frames).type());
    }

    private static Message someMessage() {
        return new Message(Channel.SHELL, List.of(), Header.create("execute_request", "s", "u"), null,
                Json.object(), Json.object("code", "1+1"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
