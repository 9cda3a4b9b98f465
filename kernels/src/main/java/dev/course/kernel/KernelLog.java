package dev.course.kernel;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends {@code java.util.logging} to the process's real stderr, one short line per record.
 *
 * <p>Stdout belongs to the protocol and {@code System.err} is replaced by cell output, so the log
 * handler must hold on to the original stderr stream. Quiet by default (warnings only); with
 * {@code -Dcourse.kernel.debug=true} the kernel logs every message it handles.
 */
final class KernelLog {

    /** Held here because java.util.logging keeps only weak references to configured loggers. */
    private static final Logger KERNEL_LOGGER = Logger.getLogger("dev.course.kernel");

    private KernelLog() {
    }

    static void configure(PrintStream realStderr, boolean debug) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        // Debugging shows the kernel's own detail, not that of the JDK and libraries.
        KERNEL_LOGGER.setLevel(debug ? Level.FINE : Level.WARNING);
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    realStderr.print(getFormatter().format(record));
                    realStderr.flush();
                }
            }

            @Override
            public void flush() {
                realStderr.flush();
            }

            @Override
            public void close() {
                flush();
            }
        };
        handler.setLevel(Level.ALL);
        handler.setFormatter(new OneLineFormatter());
        root.addHandler(handler);
    }

    /** {@code 12:01:02.345 WARNING ZmqTransport: dropping a message ...} */
    private static final class OneLineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            String shortName = logger.substring(logger.lastIndexOf('.') + 1);
            StringBuilder line = new StringBuilder()
                    .append(LocalTime.now().truncatedTo(ChronoUnit.MILLIS)).append(' ')
                    .append(record.getLevel()).append(' ')
                    .append(shortName).append(": ")
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                var trace = new java.io.StringWriter();
                record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
