package dev.course.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One Jupyter message, independent of how it travels.
 *
 * <p>Both transports turn their bytes into this record and back, so the code that handles requests
 * never knows whether it talks to Jupyter over ZMQ or to the course server over stdio.
 *
 * @param channel      the channel it arrived on or is sent to
 * @param identities   ZMQ routing identities of the peer that sent a request; a reply carries the
 *                     request's identities so the ROUTER socket can deliver it. Empty over stdio.
 * @param header       this message's header
 * @param parentHeader the header of the request this message answers, or {@code null} when it
 *                     answers nothing (for example the {@code starting} status)
 * @param metadata     free-form metadata, usually empty
 * @param content      the message body; its shape depends on {@link Header#msgType()}
 */
public record Message(
        Channel channel,
        List<byte[]> identities,
        Header header,
        Header parentHeader,
        ObjectNode metadata,
        ObjectNode content) {

    public Message {
        identities = List.copyOf(identities);
    }

    /** The message type, e.g. {@code execute_request}. */
    public String type() {
        return header.msgType();
    }

    /** The parent header, if this message answers one. */
    public Optional<Header> parent() {
        return Optional.ofNullable(parentHeader);
    }
}
