package dev.course.kernel.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import dev.course.kernel.protocol.MessageFactory;
import dev.course.kernel.transport.Transport;

/**
 * Everything the kernel sends goes through here: replies to requests and IOPub broadcasts. It pairs
 * the {@link MessageFactory}, which fills in headers, with the {@link Transport}, which delivers.
 */
public final class Outbox {

    private final Transport transport;
    private final MessageFactory messages;

    public Outbox(Transport transport, MessageFactory messages) {
        this.transport = transport;
        this.messages = messages;
    }

    /** Replies to a request on the channel it came from. */
    public void reply(Message request, String msgType, ObjectNode content) {
        transport.send(messages.reply(request, msgType, content));
    }

    /** Broadcasts on IOPub; {@code parent} may be {@code null} for messages no request caused. */
    public void publish(Message parent, String msgType, ObjectNode content) {
        transport.send(messages.broadcast(parent, msgType, content));
    }

    /**
     * Asks the front end something on the stdin channel (an {@code input_request}) on behalf of an
     * execute request; returns the message sent, whose id the answer points back to.
     */
    public Message ask(Message parent, String msgType, ObjectNode content) {
        Message message = messages.stdinRequest(parent, msgType, content);
        transport.send(message);
        return message;
    }

    /** Publishes the kernel's execution state: {@code starting}, {@code busy} or {@code idle}. */
    public void status(Message parent, String executionState) {
        publish(parent, "status", Json.object("execution_state", executionState));
    }
}
