package dev.course.kernel.transport;

import dev.course.kernel.protocol.JsonLineFormat;
import dev.course.kernel.protocol.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Messages as JSON lines over the process's standard input and output: how the course server talks
 * to the kernel it started as a child process.
 *
 * <p>Each line read is one request (see {@link JsonLineFormat}); each message sent is written as one
 * line and flushed. Writes are serialised so lines from different threads never interleave. The
 * streams given here must be the process's <em>real</em> stdin and stdout; cell output goes through
 * replacements of {@code System.out} and {@code System.err} and never touches them.
 */
public final class StdioTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(StdioTransport.class.getName());

    private final InputStream input;
    private final OutputStream output;
    private final Object writeLock = new Object();
    private boolean closed;

    public StdioTransport(InputStream input, OutputStream output) {
        this.input = input;
        this.output = output;
    }

    @Override
    public void start(Listener listener) {
        Thread reader = new Thread(() -> readLines(listener), "kernel-stdio-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLines(Listener listener) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Message message;
                try {
                    message = JsonLineFormat.decode(line);
                } catch (IllegalArgumentException e) {
                    LOG.warning(() -> "ignoring a line that is not a message: " + e.getMessage());
                    continue;
                }
                listener.onMessage(message);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "reading stdin failed", e);
        }
        LOG.fine("stdin closed");
        listener.onClosed();
    }

    @Override
    public void send(Message message) {
        byte[] line = (JsonLineFormat.encode(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            if (closed) {
                LOG.fine(() -> "transport closed, dropping " + message.type());
                return;
            }
            try {
                output.write(line);
                output.flush();
            } catch (IOException e) {
                LOG.log(Level.FINE, "stdout closed, dropping " + message.type(), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            closed = true;
            try {
                output.flush();
            } catch (IOException e) {
                LOG.log(Level.FINE, "flushing stdout failed", e);
            }
        }
    }
}
