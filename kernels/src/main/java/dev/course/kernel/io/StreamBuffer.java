package dev.course.kernel.io;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects the bytes a cell prints to one stream ({@code stdout} or {@code stderr}) until
 * {@link CellOutput} drains them into a {@code stream} message.
 *
 * <p>Bytes arrive in arbitrary chunks, so a multi-byte UTF-8 character may be split between two
 * writes. {@link #drainText()} therefore returns only complete characters and keeps an unfinished
 * tail for next time.
 */
final class StreamBuffer extends OutputStream {

    /**
     * Where the current thread, and the threads it starts, also copy what they print (null: nowhere).
     * Set by {@link CellOutput#tap} while the {@code run_java} tool runs a snippet in the session.
     */
    static final InheritableThreadLocal<OutputStream> TAP = new InheritableThreadLocal<>();

    private final String name;
    private final int eagerFlushBytes;
    private final Runnable flushRequest;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /**
     * @param name            the stream name in the protocol, {@code stdout} or {@code stderr}
     * @param eagerFlushBytes once this many bytes are pending, ask for a flush right away instead of
     *                        waiting for the next timed one
     * @param flushRequest    called (outside any lock of this buffer) to ask for that flush
     */
    StreamBuffer(String name, int eagerFlushBytes, Runnable flushRequest) {
        this.name = name;
        this.eagerFlushBytes = eagerFlushBytes;
        this.flushRequest = flushRequest;
    }

    String name() {
        return name;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        OutputStream copy = TAP.get();
        if (copy != null) {
            try {
                copy.write(bytes, offset, length);
            } catch (java.io.IOException ignored) {
                // the copy is an in-memory buffer; the cell's own output must not fail because of it
            }
        }
        boolean full;
        synchronized (this) {
            pending.write(bytes, offset, length);
            full = pending.size() >= eagerFlushBytes;
        }
        if (full) {
            flushRequest.run();
        }
    }

    /** Output is sent in timed batches; an explicit flush by the cell does not force a message. */
    @Override
    public void flush() {
    }

    /** The complete characters written since the last drain; {@code ""} if none. */
    synchronized String drainText() {
        byte[] bytes = pending.toByteArray();
        int complete = completeUtf8Length(bytes);
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /**
     * How many leading bytes form whole UTF-8 characters. Only the last (at most four) bytes can
     * belong to an unfinished character: find the start of the last character and check whether all
     * its continuation bytes have arrived.
     */
    static int completeUtf8Length(byte[] bytes) {
        int end = bytes.length;
        for (int start = end - 1; start >= Math.max(0, end - 4); start--) {
            int b = bytes[start] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte; the character starts further left
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return end - start >= needed ? end : start;
        }
        return end;
    }
}
