package dev.course.server.kernel;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines from an untrusted stream while holding at most a fixed number of characters.
 *
 * <p>{@link java.io.BufferedReader#readLine()} keeps a whole line in memory before anyone can look
 * at its length, so a kernel that writes gigabytes without a newline fills the server's heap. This
 * reader reads in small chunks and keeps only the first {@code maxChars} characters of a line; the
 * rest, up to the next newline, is counted and thrown away as it arrives. The caller sees how long
 * the line really was and decides: the protocol reader drops a cut message, the stderr reader keeps
 * the cut text to explain a death.
 */
public final class BoundedLineReader {

    /** One line: its first characters (at most the reader's limit) and its real length. */
    public record Line(String text, long length) {
        /** Whether characters were thrown away because the line was longer than the limit. */
        public boolean cut() {
            return length > text.length();
        }
    }

    private static final int CHUNK_CHARS = 8192;

    private final Reader in;
    private final int maxChars;
    private final char[] chunk = new char[CHUNK_CHARS];
    private int chunkStart;
    private int chunkEnd;
    private final StringBuilder kept = new StringBuilder();

    /**
     * @param in       the stream, already decoded (unbuffered is fine: it is read in chunks)
     * @param maxChars the most characters of one line kept in memory
     */
    public BoundedLineReader(Reader in, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        this.in = in;
        this.maxChars = maxChars;
    }

    /**
     * The next line without its terminator ({@code \n}, or {@code \r\n}), or null at the end of the
     * stream. A last line without a newline is returned too.
     */
    public Line next() throws IOException {
        kept.setLength(0);
        long length = 0;
        boolean any = false;
        while (true) {
            if (chunkStart == chunkEnd) {
                int read = in.read(chunk, 0, CHUNK_CHARS);
                if (read < 0) {
                    return any ? line(length) : null;
                }
                chunkStart = 0;
                chunkEnd = read;
                continue;
            }
            any = true;
            int newline = -1;
            for (int i = chunkStart; i < chunkEnd; i++) {
                if (chunk[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? chunkEnd : newline;
            int count = end - chunkStart;
            int room = maxChars - kept.length();
            if (room > 0) {
                kept.append(chunk, chunkStart, Math.min(room, count));
            }
            length += count;
            chunkStart = newline < 0 ? chunkEnd : newline + 1;
            if (newline >= 0) {
                return line(length);
            }
        }
    }

    private Line line(long length) {
        if (length == kept.length() && !kept.isEmpty() && kept.charAt(kept.length() - 1) == '\r') {
            kept.setLength(kept.length() - 1);
            length--;
        }
        return new Line(kept.toString(), length);
    }
}
