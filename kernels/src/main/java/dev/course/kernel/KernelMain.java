package dev.course.kernel;

import dev.course.kernel.handling.TracebackStyle;
import dev.course.kernel.protocol.ConnectionInfo;
import dev.course.kernel.protocol.KernelLaunch;
import dev.course.kernel.transport.StdioTransport;
import dev.course.kernel.transport.Transport;
import dev.course.kernel.transport.ZmqTransport;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Starts a kernel process.
 *
 * <pre>
 * java [flags] -cp CLASSPATH dev.course.kernel.KernelMain --connection-file FILE   # Jupyter, over ZMQ
 * java [flags] -cp CLASSPATH dev.course.kernel.KernelMain --stdio                  # course server, JSON lines
 * </pre>
 *
 * <p>Before anything else it takes hold of the real stdin, stdout and stderr: stdout and stdin carry
 * the protocol in stdio mode, stderr carries the log, and cells get replacements of all three.
 * Exits with status 0 after a shutdown request (or the end of stdin), 2 on bad arguments.
 */
public final class KernelMain {

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream realStderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        KernelOptions options = KernelOptions.fromSystemProperties();
        KernelLog.configure(realStderr, options.debug());

        Transport transport;
        try {
            transport = transportFor(args);
        } catch (IllegalArgumentException e) {
            realStderr.println(e.getMessage());
            realStderr.println("usage: KernelMain --connection-file FILE | --stdio");
            System.exit(2);
            return;
        }
        // Jupyter front ends render ANSI colours in tracebacks; the course server's page shows text.
        TracebackStyle style = args.length == 1 && args[0].equals(KernelLaunch.STDIO) ? TracebackStyle.PLAIN : TracebackStyle.ANSI;
        new Kernel(transport, options, style).run();
        System.exit(0);
    }

    private static Transport transportFor(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals(KernelLaunch.STDIO)) {
            return new StdioTransport(
                    new FileInputStream(FileDescriptor.in),
                    new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024));
        }
        if (args.length == 2 && args[0].equals(KernelLaunch.CONNECTION_FILE)) {
            return ZmqTransport.bind(ConnectionInfo.read(Path.of(args[1])));
        }
        throw new IllegalArgumentException("unexpected arguments: " + String.join(" ", args));
    }
}
