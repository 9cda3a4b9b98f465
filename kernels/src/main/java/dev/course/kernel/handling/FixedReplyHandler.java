package dev.course.kernel.handling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.io.Outbox;
import dev.course.kernel.protocol.Message;

/**
 * Answers a request with the same content every time. Jupyter front ends ask about features this
 * kernel does not have, such as {@code comm_info_request} (widgets), and a prompt empty answer
 * keeps them from waiting.
 */
public final class FixedReplyHandler implements RequestHandler {

    private final Outbox outbox;
    private final String replyType;
    private final ObjectNode content;

    public FixedReplyHandler(Outbox outbox, String replyType, ObjectNode content) {
        this.outbox = outbox;
        this.replyType = replyType;
        this.content = content;
    }

    @Override
    public void handle(Message request) {
        outbox.reply(request, replyType, content.deepCopy());
    }
}
