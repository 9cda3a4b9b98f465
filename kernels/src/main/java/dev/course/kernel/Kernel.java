package dev.course.kernel;

import dev.course.engine.embed.Encoders;
import dev.course.engine.embed.PooledVectorCache;
import dev.course.engine.rag.tools.JavaSnippetTool;
import dev.course.kernel.display.Display;
import dev.course.kernel.handling.Comms;
import dev.course.kernel.exercise.Checks;
import dev.course.kernel.handling.CompleteHandler;
import dev.course.kernel.handling.Dispatcher;
import dev.course.kernel.handling.ExecuteHandler;
import dev.course.kernel.handling.FixedReplyHandler;
import dev.course.kernel.handling.HistoryHandler;
import dev.course.kernel.handling.InspectHandler;
import dev.course.kernel.handling.InterruptHandler;
import dev.course.kernel.handling.IsCompleteHandler;
import dev.course.kernel.handling.KernelInfoHandler;
import dev.course.kernel.handling.RequestHandler;
import dev.course.kernel.handling.ShutdownHandler;
import dev.course.kernel.handling.TracebackStyle;
import dev.course.kernel.history.CellHistory;
import dev.course.kernel.io.CellInput;
import dev.course.kernel.io.CellOutput;
import dev.course.kernel.io.InputRequests;
import dev.course.kernel.io.Outbox;
import dev.course.kernel.jshell.CellRunner;
import dev.course.kernel.jshell.CodeAssistant;
import dev.course.kernel.jshell.JShellSession;
import dev.course.kernel.jshell.SessionSnippetHost;
import dev.course.kernel.magic.KernelMagics;
import dev.course.kernel.magic.MagicCellRunner;
import dev.course.kernel.magic.Magics;
import dev.course.kernel.models.ModelServiceClient;
import dev.course.kernel.models.ModelServiceEncoders;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.MessageFactory;
import dev.course.kernel.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * The kernel: one JShell session served over one transport. It wires the parts together — cell
 * output, JShell, the request handlers and their threads — and runs until asked to shut down.
 *
 * <p>The same kernel runs over ZMQ for Jupyter and over stdio for the course server; it only ever
 * sees the {@link Transport} interface.
 */
public final class Kernel {

    private static final Logger LOG = Logger.getLogger(Kernel.class.getName());

    /** How long shutting down waits for requests being handled (such as the shutdown request itself). */
    private static final long SHUTDOWN_GRACE_MILLIS = 2000;

    private final Transport transport;
    private final Outbox outbox;
    private final CellOutput output;
    private final InputRequests inputs;
    private final JShellSession session;
    private final Dispatcher dispatcher;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /**
     * A kernel on a transport.
     *
     * @param tracebackStyle {@link TracebackStyle#ANSI} for Jupyter, which renders colours in tracebacks;
     *                       {@link TracebackStyle#PLAIN} for the course server's page
     */
    public Kernel(Transport transport, KernelOptions options, TracebackStyle tracebackStyle) {
        this.transport = transport;
        this.outbox = new Outbox(transport, new MessageFactory());
        this.output = new CellOutput(outbox, options.maxCellOutputChars());
        this.inputs = new InputRequests(outbox, output::flush);
        this.session = new JShellSession(output.stdout(), output.stderr());
        CodeAssistant assistant = new CodeAssistant(session);
        CellHistory history = new CellHistory();
        Magics magics = KernelMagics.all(session);
        MagicCellRunner runner = new MagicCellRunner(new CellRunner(session, output.stderr()), magics, session,
                output.stdout(), output.stderr(), Path.of("").toAbsolutePath());

        RequestHandler kernelInfo = new KernelInfoHandler(outbox);
        RequestHandler shutdown = new ShutdownHandler(outbox, this::stop);
        Map<String, RequestHandler> shell = Map.of(
                "kernel_info_request", kernelInfo,
                "execute_request", new ExecuteHandler(outbox, output, runner, this::abortPendingExecutes, inputs, history,
                        tracebackStyle),
                "complete_request", new CompleteHandler(outbox, assistant, magics),
                "inspect_request", new InspectHandler(outbox, assistant),
                "is_complete_request", new IsCompleteHandler(outbox, assistant),
                "comm_info_request", new FixedReplyHandler(outbox, "comm_info_reply",
                        Json.object("status", "ok", "comms", Json.object())),
                "history_request", new HistoryHandler(outbox, history),
                "shutdown_request", shutdown);
        Map<String, RequestHandler> control = Map.of(
                "kernel_info_request", kernelInfo,
                "interrupt_request", new InterruptHandler(outbox, session, inputs),
                "shutdown_request", shutdown);
        Comms comms = new Comms();
        if (options.modelService()) {
            useModelService(comms, Duration.ofSeconds(options.modelTimeoutSeconds()));
        } else if (options.embeddingCache() != null) {
            // Jupyter, './course kernel run': the models run here, in a fresh JVM per notebook, and
            // the lessons embed the same collections; keep the vectors for the next kernel.
            Encoders.keepPooledVectors(new PooledVectorCache(options.embeddingCache(), PooledVectorCache.DEFAULT_MAX_BYTES));
        }
        this.dispatcher = new Dispatcher(outbox, shell, control, inputs::onReply,
                () -> warmUp(options.practiceCells()), this::stop, comms);
    }

    /**
     * Makes the bundled embedding models run in the course server's model service: their encoder
     * is a {@link dev.course.engine.embed.RemoteEncoder} talking over {@link ModelServiceClient}'s
     * comm, so this JVM never loads ONNX Runtime or a model file for them.
     */
    private void useModelService(Comms comms, Duration timeout) {
        ModelServiceClient client = new ModelServiceClient(outbox, timeout);
        comms.register(client.commId(), client::receive);
        Encoders.install(new ModelServiceEncoders(client));
        LOG.fine("bundled models run in the course server's model service");
    }

    /**
     * Serves requests until a shutdown request arrives or the transport closes.
     *
     * <p>From here on {@code System.out} and {@code System.err} are the cell output streams and
     * {@code System.in} asks the front end for input ({@link CellInput}), so nothing a cell does can
     * reach the protocol streams. Callers must
     * have kept the real streams for the transport and the log before.
     */
    public void run() throws InterruptedException {
        System.setOut(output.stdout());
        System.setErr(output.stderr());
        System.setIn(new CellInput(inputs));
        Display.connect(output);
        // The run_java tool, called from a cell, runs its snippets in this session, not a fresh JShell.
        JavaSnippetTool.runSnippetsIn(new SessionSnippetHost(session, output));
        // A cell may end the JVM with System.exit; send what it printed before that.
        Runtime.getRuntime().addShutdownHook(new Thread(output::flush, "kernel-output-at-exit"));

        outbox.status(null, "starting");
        dispatcher.start();
        transport.start(dispatcher);
        stopRequested.await();
        shutDown();
    }

    /**
     * Starts JShell; a kernel started ahead of need (practice cells asked for) also practises cells
     * and one exercise check, so the learner's first cell and first check find everything loaded.
     */
    private void warmUp(int practiceCells) {
        session.warmUp(practiceCells);
        if (practiceCells > 0) {
            Checks.warmUp();
        }
    }

    /** Asks {@link #run()} to return; safe from any thread, including a handler's. */
    public void stop() {
        stopRequested.countDown();
    }

    private void abortPendingExecutes() {
        dispatcher.abortPendingExecutes();
    }

    private void shutDown() throws InterruptedException {
        LOG.fine("shutting down");
        session.interrupt();
        boolean handlersFinished = dispatcher.close(SHUTDOWN_GRACE_MILLIS);
        output.close();
        Display.connect(null);
        transport.close();
        if (handlersFinished) {
            // Closing JShell under a cell that is still running would only add a confusing error;
            // in that case the process exit cleans up.
            session.close();
        }
    }
}
