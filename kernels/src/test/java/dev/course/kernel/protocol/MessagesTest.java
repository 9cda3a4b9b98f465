package dev.course.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The client's messages are the kernel's {@link Message} model in JSON: the kernel reads them back unchanged. */
class MessagesTest {

    @Test
    void anExecuteRequestIsAMessageTheKernelDecodes() {
        ObjectNode request = Messages.executeRequest("s1", "1 + 1", false, true);

        Message decoded = JsonLineFormat.decode(Json.write(request));

        assertEquals(Channel.SHELL, decoded.channel());
        assertEquals("execute_request", decoded.type());
        assertEquals(Header.PROTOCOL_VERSION, decoded.header().version());
        assertEquals("s1", decoded.header().session());
        assertEquals(Messages.USERNAME, decoded.header().username());
        assertEquals(Messages.msgId(request), decoded.header().msgId());
        assertTrue(decoded.parent().isEmpty());
        assertEquals("1 + 1", decoded.content().path("code").asText());
        assertTrue(decoded.content().path("allow_stdin").asBoolean());
        assertTrue(decoded.content().path("store_history").asBoolean());
    }

    @Test
    void anInputReplyAnswersTheKernelsInputRequest() {
        MessageFactory kernel = new MessageFactory();
        Message execute = JsonLineFormat.decode(Json.write(Messages.executeRequest("s1", "System.in.read()", false, true)));
        Message inputRequest = kernel.stdinRequest(execute, "input_request", Json.object("prompt", "name?"));

        ObjectNode reply = Messages.inputReply("s1", JsonLineFormat.toJson(inputRequest).path("header"), "Ada");

        assertEquals("stdin", Messages.channel(reply));
        assertEquals("input_reply", Messages.msgType(reply));
        assertEquals(inputRequest.header().msgId(), Messages.parentId(reply));
        assertEquals("Ada", reply.path("content").path("value").asText());
    }

    @Test
    void aRequestOnAChannelTheProtocolLacksIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Messages.request("heartbeat", "ping", "s1", Json.object()));
        assertFalse(Messages.request("control", "interrupt_request", "s1", Json.object()).path("header").path("date").asText().isEmpty());
    }
}
