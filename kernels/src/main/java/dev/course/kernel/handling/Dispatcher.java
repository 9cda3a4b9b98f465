package dev.course.kernel.handling;

import dev.course.kernel.io.Outbox;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import dev.course.kernel.transport.Transport;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands each incoming request to its handler on the right thread.
 *
 * <p>Shell requests are handled one after another on the shell thread, the only thread that touches
 * JShell: a cell, then the completion asked for while it ran, then the next cell. Control requests
 * (interrupt, shutdown, kernel info) get their own thread, so they are answered while a cell is still
 * running. Every request is wrapped in IOPub {@code status: busy} and {@code status: idle}, as in
 * IPython; requests of an unknown type get nothing else and are logged.
 *
 * <p>Messages on the stdin channel are the front end's answers ({@code input_reply}) to input the
 * running cell asked for. They go straight to the stdin listener on the transport's thread — the
 * shell thread is the one waiting for them — without status messages, as in IPython.
 */
public final class Dispatcher implements Transport.Listener {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private static final String EXECUTE_REQUEST = "execute_request";

    private final Outbox outbox;
    private final Map<String, RequestHandler> shellHandlers;
    private final Map<String, RequestHandler> controlHandlers;
    private final Runnable onTransportClosed;
    private final Consumer<Message> stdinListener;
    private final BlockingQueue<Queued> shellQueue = new LinkedBlockingQueue<>();
    private final Thread shellThread;
    private final ExecutorService controlThread = Executors.newSingleThreadExecutor(task -> daemon(task, "kernel-control"));
    private volatile boolean closing;
    // Only touched on the shell thread: execute requests that arrived before this time are aborted.
    private boolean aborting;
    private long abortArrivedBefore;

    /**
     * @param outbox            for status messages and abort replies
     * @param shellHandlers     handlers by message type for the shell channel
     * @param controlHandlers   handlers by message type for the control channel
     * @param shellStartup      run first on the shell thread, before any request (starts JShell)
     * @param onTransportClosed run when the transport reports the other side gone
     */
    public Dispatcher(Outbox outbox, Map<String, RequestHandler> shellHandlers,
            Map<String, RequestHandler> controlHandlers, Runnable shellStartup, Runnable onTransportClosed) {
        this(outbox, shellHandlers, controlHandlers, message ->
                LOG.fine(() -> "ignoring " + message.type() + " on stdin"), shellStartup, onTransportClosed);
    }

    /**
     * @param stdinListener receives messages on the stdin channel ({@code input_reply}), on the
     *                      transport's thread; must not block
     */
    public Dispatcher(Outbox outbox, Map<String, RequestHandler> shellHandlers, Map<String, RequestHandler> controlHandlers,
            Consumer<Message> stdinListener, Runnable shellStartup, Runnable onTransportClosed) {
        this.outbox = outbox;
        this.stdinListener = stdinListener;
        this.shellHandlers = Map.copyOf(shellHandlers);
        this.controlHandlers = Map.copyOf(controlHandlers);
        this.onTransportClosed = onTransportClosed;
        this.shellThread = daemon(() -> serveShell(shellStartup), "kernel-shell");
    }

    /** Starts the shell thread, which runs the start-up task and then waits for requests. */
    public void start() {
        shellThread.start();
    }

    @Override
    public void onMessage(Message message) {
        if (closing) {
            return;
        }
        switch (message.channel()) {
            case SHELL -> shellQueue.add(new Queued(message, System.nanoTime()));
            case CONTROL -> {
                try {
                    controlThread.execute(() -> handle(message, controlHandlers));
                } catch (RejectedExecutionException e) {
                    LOG.fine(() -> "shutting down, dropping " + message.type());
                }
            }
            case STDIN -> stdinListener.accept(message);
            case IOPUB -> LOG.warning(() -> "ignoring a message sent to the kernel on IOPub: " + message.type());
        }
    }

    @Override
    public void onClosed() {
        onTransportClosed.run();
    }

    /**
     * Aborts the execute requests that have arrived so far and are still waiting, as Jupyter expects
     * after a cell failed: when a notebook is run top to bottom, the cells after a failing one are
     * not run. Requests that arrive later — after the client has seen the error — run normally.
     * Called by the execute handler, on the shell thread, before it replies.
     */
    public void abortPendingExecutes() {
        abortArrivedBefore = System.nanoTime();
        aborting = true;
    }

    /**
     * Stops taking requests and waits (briefly) for the ones being handled to finish; requests still
     * queued are dropped.
     *
     * @return whether both threads finished in time
     */
    public boolean close(long timeoutMillis) throws InterruptedException {
        closing = true;
        controlThread.shutdown();
        boolean controlDone = controlThread.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        shellThread.interrupt();
        shellThread.join(timeoutMillis);
        return controlDone && !shellThread.isAlive();
    }

    private void serveShell(Runnable startup) {
        try {
            startup.run();
        } catch (Throwable e) {
            LOG.log(Level.SEVERE, "starting the shell failed", e);
        }
        while (!closing) {
            Queued queued;
            try {
                queued = shellQueue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (closing) {
                return;
            }
            if (isAborted(queued)) {
                replyAborted(queued.message());
            } else {
                handle(queued.message(), shellHandlers);
            }
        }
    }

    private boolean isAborted(Queued queued) {
        return aborting && queued.message().type().equals(EXECUTE_REQUEST) && queued.arrivedAt() - abortArrivedBefore < 0;
    }

    private void replyAborted(Message request) {
        outbox.status(request, "busy");
        outbox.reply(request, "execute_reply", Json.object("status", "aborted"));
        outbox.status(request, "idle");
    }

    private void handle(Message request, Map<String, RequestHandler> handlers) {
        outbox.status(request, "busy");
        try {
            RequestHandler handler = handlers.get(request.type());
            if (handler == null) {
                LOG.info(() -> "ignoring " + request.type() + " on " + request.channel().wireName());
                return;
            }
            LOG.fine(() -> "handling " + request.type() + " on " + request.channel().wireName());
            handler.handle(request);
        } catch (Throwable e) {
            // Not even an internal error of the compiler may end the kernel; log and carry on.
            LOG.log(Level.SEVERE, "handling " + request.type() + " failed", e);
        } finally {
            outbox.status(request, "idle");
        }
    }

    /** A shell request waiting its turn, with its arrival time ({@link System#nanoTime()}). */
    private record Queued(Message message, long arrivedAt) {
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
