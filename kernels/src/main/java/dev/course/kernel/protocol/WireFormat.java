package dev.course.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns messages into ZMQ frames and back, following the Jupyter wire protocol:
 *
 * <pre>
 * [identity, ...]        routing identities (ROUTER sockets) or a topic (IOPub)
 * "&lt;IDS|MSG&gt;"            delimiter
 * signature              hex HMAC of the next four frames, "" when unsigned
 * header                 JSON
 * parent_header          JSON, {} when none
 * metadata               JSON
 * content                JSON
 * [buffer, ...]          extra binary buffers (ignored by this kernel)
 * </pre>
 */
public final class WireFormat {

    /** The frame that separates routing identities from the message itself. */
    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final HmacSigner signer;

    public WireFormat(HmacSigner signer) {
        this.signer = signer;
    }

    /** A message that failed to decode: malformed, or signed with the wrong key. */
    public static final class InvalidMessageException extends Exception {
        public InvalidMessageException(String reason) {
            super(reason);
        }
    }

    /** The frames of a message, identities first, signed. */
    public List<byte[]> encode(Message message) {
        byte[] header = utf8(Json.write(message.header().toJson()));
        byte[] parent = utf8(Json.write(message.parentHeader() == null ? Json.object() : message.parentHeader().toJson()));
        byte[] metadata = utf8(Json.write(message.metadata()));
        byte[] content = utf8(Json.write(message.content()));

        List<byte[]> frames = new ArrayList<>(message.identities());
        frames.add(DELIMITER);
        frames.add(utf8(signer.sign(header, parent, metadata, content)));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        return frames;
    }

    /**
     * The message in these frames, received on {@code channel}.
     *
     * @throws InvalidMessageException if the delimiter or a frame is missing, a JSON frame is not an
     *                                 object, or the signature does not match
     */
    public Message decode(Channel channel, List<byte[]> frames) throws InvalidMessageException {
        int delimiter = indexOfDelimiter(frames);
        if (delimiter < 0) {
            throw new InvalidMessageException("no <IDS|MSG> delimiter");
        }
        if (frames.size() < delimiter + 6) {
            throw new InvalidMessageException("expected 5 frames after the delimiter, got " + (frames.size() - delimiter - 1));
        }
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            throw new InvalidMessageException("bad signature");
        }
        try {
            ObjectNode parentJson = Json.parseObject(text(parent));
            return new Message(
                    channel,
                    frames.subList(0, delimiter),
                    Header.fromJson(Json.parseObject(text(header))),
                    parentJson.isEmpty() ? null : Header.fromJson(parentJson),
                    Json.parseObject(text(metadata)),
                    Json.parseObject(text(content)));
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException(e.getMessage());
        }
    }

    private static int indexOfDelimiter(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
