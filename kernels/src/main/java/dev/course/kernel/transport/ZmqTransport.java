package dev.course.kernel.transport;

import dev.course.kernel.protocol.Channel;
import dev.course.kernel.protocol.ConnectionInfo;
import dev.course.kernel.protocol.Message;
import dev.course.kernel.protocol.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQ.Socket;

/**
 * The Jupyter transport: five ZMQ sockets bound to the ports of a connection file.
 *
 * <p>ZMQ sockets must not be shared between threads, yet replies and output are sent from several.
 * So one I/O thread owns every socket. Other threads hand it outgoing messages through an in-process
 * PUSH/PULL pair (the "outbox"), which also wakes it up from polling. The heartbeat is answered on the
 * same thread: it only moves bytes, never runs cells, so it stays responsive while a cell is busy.
 */
public final class ZmqTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(ZmqTransport.class.getName());

    /** How long closing waits for queued messages to leave, in milliseconds. */
    public static final int LINGER_MILLIS = 1000;

    private static final String OUTBOX = "inproc://kernel-outbox";
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);

    private final ZContext context = new ZContext();
    private final WireFormat wire;
    private final Socket shell;
    private final Socket control;
    private final Socket stdin;
    private final Socket iopub;
    private final Socket heartbeat;
    private final Socket outboxReceiver;
    private final Socket outboxSender;
    private final Object senderLock = new Object();
    private Thread ioThread;
    private boolean closed;

    private ZmqTransport(ConnectionInfo connection) {
        this.wire = new WireFormat(connection.signer());
        context.setLinger(LINGER_MILLIS);
        shell = bind(SocketType.ROUTER, connection.endpoint(connection.shellPort()));
        control = bind(SocketType.ROUTER, connection.endpoint(connection.controlPort()));
        stdin = bind(SocketType.ROUTER, connection.endpoint(connection.stdinPort()));
        iopub = bind(SocketType.PUB, connection.endpoint(connection.iopubPort()));
        heartbeat = bind(SocketType.REP, connection.endpoint(connection.hbPort()));
        outboxReceiver = bind(SocketType.PULL, OUTBOX);
        outboxSender = context.createSocket(SocketType.PUSH);
        outboxSender.connect(OUTBOX);
    }

    /** Binds all sockets now, so that messages sent before {@link #start} are not lost. */
    public static ZmqTransport bind(ConnectionInfo connection) {
        return new ZmqTransport(connection);
    }

    private Socket bind(SocketType type, String endpoint) {
        Socket socket = context.createSocket(type);
        socket.setLinger(LINGER_MILLIS);
        socket.bind(endpoint);
        return socket;
    }

    @Override
    public void start(Listener listener) {
        ioThread = new Thread(() -> serve(listener), "kernel-zmq-io");
        ioThread.setDaemon(true);
        ioThread.start();
    }

    private void serve(Listener listener) {
        try (ZMQ.Poller poller = context.createPoller(5)) {
            int outbox = poller.register(outboxReceiver, ZMQ.Poller.POLLIN);
            int hb = poller.register(heartbeat, ZMQ.Poller.POLLIN);
            int shellIndex = poller.register(shell, ZMQ.Poller.POLLIN);
            int controlIndex = poller.register(control, ZMQ.Poller.POLLIN);
            int stdinIndex = poller.register(stdin, ZMQ.Poller.POLLIN);
            while (!Thread.currentThread().isInterrupted()) {
                poller.poll(-1);
                if (poller.pollin(outbox) && !forwardOutgoing()) {
                    return;
                }
                if (poller.pollin(hb)) {
                    echoHeartbeat();
                }
                if (poller.pollin(controlIndex)) {
                    receive(Channel.CONTROL, control, listener);
                }
                if (poller.pollin(shellIndex)) {
                    receive(Channel.SHELL, shell, listener);
                }
                if (poller.pollin(stdinIndex)) {
                    receive(Channel.STDIN, stdin, listener);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "ZMQ I/O loop failed", e);
            listener.onClosed();
        }
    }

    /** Sends one queued message; returns false when it was the close marker. */
    private boolean forwardOutgoing() {
        List<byte[]> frames = receiveAll(outboxReceiver);
        if (frames.size() == 1 && Arrays.equals(frames.getFirst(), CLOSE)) {
            return false;
        }
        Channel channel = Channel.valueOf(new String(frames.getFirst(), StandardCharsets.US_ASCII));
        sendAll(socketFor(channel), frames.subList(1, frames.size()));
        return true;
    }

    private void echoHeartbeat() {
        sendAll(heartbeat, receiveAll(heartbeat));
    }

    private void receive(Channel channel, Socket socket, Listener listener) {
        List<byte[]> frames = receiveAll(socket);
        Message message;
        try {
            message = wire.decode(channel, frames);
        } catch (WireFormat.InvalidMessageException e) {
            LOG.warning(() -> "dropping a message on " + channel.wireName() + ": " + e.getMessage());
            return;
        }
        listener.onMessage(message);
    }

    @Override
    public void send(Message message) {
        Message routed = message.channel() == Channel.IOPUB ? withTopic(message) : message;
        List<byte[]> frames = new ArrayList<>();
        frames.add(routed.channel().name().getBytes(StandardCharsets.US_ASCII));
        frames.addAll(wire.encode(routed));
        synchronized (senderLock) {
            if (closed) {
                LOG.fine(() -> "transport closed, dropping " + message.type());
                return;
            }
            sendAll(outboxSender, frames);
        }
    }

    /** IOPub messages start with a topic that subscribers may filter on, as ipykernel does. */
    private static Message withTopic(Message message) {
        byte[] topic = ("kernel." + message.header().session() + "." + message.type()).getBytes(StandardCharsets.UTF_8);
        return new Message(message.channel(), List.of(topic), message.header(), message.parentHeader(),
                message.metadata(), message.content());
    }

    private Socket socketFor(Channel channel) {
        return switch (channel) {
            case SHELL -> shell;
            case CONTROL -> control;
            case STDIN -> stdin;
            case IOPUB -> iopub;
        };
    }

    @Override
    public void close() {
        synchronized (senderLock) {
            if (closed) {
                return;
            }
            closed = true;
            outboxSender.send(CLOSE);
        }
        if (ioThread != null) {
            try {
                ioThread.join(LINGER_MILLIS * 2L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        context.close();
    }

    private static List<byte[]> receiveAll(Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        do {
            frames.add(socket.recv(0));
        } while (socket.hasReceiveMore());
        return frames;
    }

    private static void sendAll(Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size() - 1; i++) {
            socket.sendMore(frames.get(i));
        }
        socket.send(frames.getLast(), 0);
    }
}
