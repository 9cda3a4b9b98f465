package dev.course.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageFactoryTest {

    private final MessageFactory factory = new MessageFactory();
    private final Message request = new Message(Channel.SHELL, List.of("peer".getBytes(StandardCharsets.UTF_8)),
            Header.create("execute_request", "client-session", "learner"), null, Json.object(), Json.object("code", "1"));

    @Test
    void headersHaveEveryFieldOfProtocol53() {
        Header header = factory.reply(request, "execute_reply", Json.object()).header();

        assertDoesNotThrow(() -> UUID.fromString(header.msgId()));
        assertEquals(factory.session(), header.session());
        assertEquals("kernel", header.username());
        assertEquals("execute_reply", header.msgType());
        assertEquals("5.3", header.version());
        assertTrue(Instant.parse(header.date()).isAfter(Instant.now().minusSeconds(60)), "ISO 8601 with a time zone");
        assertEquals(List.of("msg_id", "session", "username", "date", "msg_type", "version"),
                List.copyOf(iterable(header.toJson().fieldNames())));
    }

    @Test
    void aReplyGoesBackToTheSenderOnTheSameChannel() {
        Message reply = factory.reply(request, "execute_reply", Json.object("status", "ok"));

        assertEquals(Channel.SHELL, reply.channel());
        assertArrayEquals(request.identities().getFirst(), reply.identities().getFirst());
        assertEquals(request.header(), reply.parentHeader());
    }

    @Test
    void broadcastsGoToIopubUnderTheKernelsOneSession() {
        Message first = factory.broadcast(request, "status", Json.object("execution_state", "busy"));
        Message second = factory.broadcast(null, "status", Json.object("execution_state", "starting"));

        assertEquals(Channel.IOPUB, first.channel());
        assertTrue(first.identities().isEmpty());
        assertEquals(request.header(), first.parentHeader());
        assertNull(second.parentHeader());
        assertEquals(first.header().session(), second.header().session());
        assertNotEquals(first.header().msgId(), second.header().msgId());
    }

    @Test
    void readsHeadersLeniently() {
        Header header = Header.fromJson(Json.parse("{\"msg_id\":\"7\",\"msg_type\":\"complete_request\",\"subshell_id\":null}"));
        assertEquals("7", header.msgId());
        assertEquals("complete_request", header.msgType());
        assertEquals("", header.username());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
