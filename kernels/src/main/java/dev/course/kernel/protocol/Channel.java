package dev.course.kernel.protocol;

import java.util.Locale;

/**
 * The four message channels of the Jupyter protocol. Over ZMQ each is its own socket; over stdio
 * each message names its channel in a {@code "channel"} field.
 *
 * <p>The heartbeat is not listed: it carries raw bytes, never messages, and only exists over ZMQ.
 */
public enum Channel {
    /** Requests from the client (execute, complete, ...) and their replies, handled in order. */
    SHELL,
    /** Urgent requests (interrupt, shutdown) handled while a cell may still be running. */
    CONTROL,
    /** Broadcasts from the kernel: status, output, results, errors. */
    IOPUB,
    /** Input requested from the user by running code, and the user's answers. */
    STDIN;

    /** The name used on the wire, e.g. {@code "shell"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The channel with this wire name, e.g. {@code "control"}. */
    public static Channel fromWireName(String name) {
        for (Channel channel : values()) {
            if (channel.wireName().equals(name)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown channel: " + name);
    }
}
