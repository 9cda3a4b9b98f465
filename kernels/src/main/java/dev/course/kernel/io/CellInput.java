package dev.course.kernel.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The kernel's {@code System.in}: a stream that, when a cell reads and nothing is buffered, asks the
 * front end for a line ({@link InputRequests}) and then serves that line's bytes followed by
 * {@code "\n"}, so that {@code Scanner.nextLine()}, {@code BufferedReader.readLine()} and
 * {@code System.in.read()} all work as on a terminal.
 *
 * <p>JShell's local execution engine runs cells in this JVM and lets them use the JVM's own
 * {@code System.in}, so installing this stream is all it takes. What one cell leaves unread is
 * dropped when the next cell reads: input never leaks from one cell into another.
 */
public final class CellInput extends InputStream {

    private final InputRequests requests;

    // Guarded by this: the rest of the last line and the cell it was typed for.
    private byte[] line = new byte[0];
    private int position;
    private int lineCell = -1;

    public CellInput(InputRequests requests) {
        this.requests = requests;
    }

    @Override
    public synchronized int read() throws IOException {
        fill();
        return line[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        fill();
        int count = Math.min(length, line.length - position);
        System.arraycopy(line, position, buffer, offset, count);
        position += count;
        return count;
    }

    /** Only what is already buffered: never asks the learner. */
    @Override
    public synchronized int available() {
        return lineCell == requests.cellNumber() ? line.length - position : 0;
    }

    /** Makes sure unread bytes of this cell's input are buffered, asking for a line if there are none. */
    private void fill() throws IOException {
        int cell = requests.cellNumber();
        if (lineCell == cell && position < line.length) {
            return;
        }
        String typed = requests.readLine("");
        line = (typed + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        lineCell = cell;
    }
}
