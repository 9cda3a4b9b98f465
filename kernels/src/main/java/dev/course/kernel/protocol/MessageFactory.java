package dev.course.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/**
 * Makes the kernel's outgoing messages: fresh headers in the kernel's one session, parent headers
 * pointing at the request they answer, replies routed back to the peer that asked.
 */
public final class MessageFactory {

    /** The user name the kernel signs its messages with. */
    public static final String USERNAME = "kernel";

    private final String session = UUID.randomUUID().toString();

    /** The kernel's session id, the same in every message it sends. */
    public String session() {
        return session;
    }

    /** A reply on the request's own channel, routed to the request's sender. */
    public Message reply(Message request, String msgType, ObjectNode content) {
        return new Message(request.channel(), request.identities(), header(msgType), request.header(),
                Json.object(), content);
    }

    /**
     * An IOPub broadcast.
     *
     * @param parent the request it belongs to, or {@code null} for messages caused by no request
     */
    public Message broadcast(Message parent, String msgType, ObjectNode content) {
        return new Message(Channel.IOPUB, List.of(), header(msgType), parent == null ? null : parent.header(),
                Json.object(), content);
    }

    /**
     * A request from the kernel to the front end on the stdin channel, such as {@code input_request}.
     * It names the execute request it serves as its parent and is routed to that request's sender:
     * over ZMQ a front end's stdin socket has the same identity as its shell socket.
     */
    public Message stdinRequest(Message parent, String msgType, ObjectNode content) {
        return new Message(Channel.STDIN, parent.identities(), header(msgType), parent.header(), Json.object(), content);
    }

    private Header header(String msgType) {
        return Header.create(msgType, session, USERNAME);
    }
}
