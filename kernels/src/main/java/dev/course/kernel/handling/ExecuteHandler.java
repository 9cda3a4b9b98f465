package dev.course.kernel.handling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.kernel.display.Display;
import dev.course.kernel.history.CellHistory;
import dev.course.kernel.io.CellOutput;
import dev.course.kernel.io.InputRequests;
import dev.course.kernel.io.MimeBundleJson;
import dev.course.kernel.io.Outbox;
import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellEvaluator;
import dev.course.kernel.jshell.CellValue;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers {@code execute_request}: runs a cell and reports, in this order, {@code execute_input},
 * whatever the cell prints or displays, then {@code execute_result} or {@code error}, then the
 * {@code execute_reply}.
 *
 * <p>As the protocol asks, a {@code silent} request publishes neither its input nor its result and
 * does not count as an execution, and {@code store_history: false} does not advance the execution
 * count. When a cell fails and the request has {@code stop_on_error} (the default), the execute
 * requests already queued behind it are aborted.
 *
 * <p>The value of a cell is shown as a {@link Renderable}'s bundle, a {@link MimeBundle} itself, or
 * an image as PNG when it is one, and otherwise as JShell's text. A value the cell already displayed (such as the
 * report {@code Checks.run} displays and returns) is not shown a second time.
 *
 * <p>While the cell runs, {@code System.in} asks the front end for input if the request said
 * {@code allow_stdin: true} (see {@link InputRequests}); cells stored in history are remembered for
 * {@code history_request}.
 */
public final class ExecuteHandler implements RequestHandler {

    private static final Logger LOG = Logger.getLogger(ExecuteHandler.class.getName());

    private final Outbox outbox;
    private final CellOutput output;
    private final CellEvaluator runner;
    private final Runnable abortPendingExecutes;
    private final InputRequests inputs;
    private final CellHistory history;
    private final TracebackStyle tracebackStyle;
    private int executionCount;

    public ExecuteHandler(Outbox outbox, CellOutput output, CellEvaluator runner, Runnable abortPendingExecutes,
            InputRequests inputs, CellHistory history, TracebackStyle tracebackStyle) {
        this.outbox = outbox;
        this.tracebackStyle = tracebackStyle;
        this.output = output;
        this.runner = runner;
        this.abortPendingExecutes = abortPendingExecutes;
        this.inputs = inputs;
        this.history = history;
    }

    @Override
    public void handle(Message request) {
        ObjectNode content = request.content();
        String code = content.path("code").asText("");
        boolean silent = content.path("silent").asBoolean(false);
        boolean storeHistory = !silent && content.path("store_history").asBoolean(true);
        boolean stopOnError = content.path("stop_on_error").asBoolean(true);
        boolean allowStdin = content.path("allow_stdin").asBoolean(false); // absent: no, as in ipykernel
        if (storeHistory) {
            executionCount++;
            history.add(executionCount, code);
        }
        int count = executionCount;

        output.beginCell(request);
        if (!silent) {
            outbox.publish(request, "execute_input", Json.object("code", code, "execution_count", count));
        }
        inputs.beginCell(request, allowStdin);
        CellOutcome outcome;
        try {
            outcome = runSafely(code, count);
        } finally {
            inputs.endCell();
        }
        switch (outcome) {
            case CellOutcome.Completed completed -> {
                if (!silent) {
                    completed.value()
                            .filter(value -> !output.wasJustDisplayed(value.object()))
                            .ifPresent(value -> publishResult(request, count, value));
                }
                output.flush();
                outbox.reply(request, "execute_reply", Json.object(
                        "status", "ok",
                        "execution_count", count,
                        "user_expressions", Json.object(),
                        "payload", List.of()));
            }
            case CellOutcome.Failed failed -> {
                if (stopOnError) {
                    abortPendingExecutes.run(); // before replying: what arrives after the reply runs
                }
                output.flush();
                List<String> traceback = tracebackStyle.apply(failed.traceback());
                outbox.publish(request, "error", Json.object(
                        "ename", failed.ename(),
                        "evalue", failed.evalue(),
                        "traceback", traceback));
                outbox.reply(request, "execute_reply", Json.object(
                        "status", "error",
                        "execution_count", count,
                        "ename", failed.ename(),
                        "evalue", failed.evalue(),
                        "traceback", traceback));
            }
        }
    }

    /** A failure of the kernel itself (JShell's compiler, say) still answers the request. */
    private CellOutcome runSafely(String code, int count) {
        try {
            return runner.run(code, count);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "running a cell failed inside the kernel", e);
            return new CellOutcome.Failed("KernelError", String.valueOf(e),
                    List.of("KernelError: the kernel failed to run this cell: " + e));
        }
    }

    private void publishResult(Message request, int count, CellValue value) {
        MimeBundle bundle = output.capped(bundleOf(value));
        output.flush();
        outbox.publish(request, "execute_result", Json.object(
                "execution_count", count,
                "data", MimeBundleJson.toJson(bundle),
                "metadata", Json.object()));
    }

    /** A rich bundle for renderable values and images; JShell's text for everything else. */
    private MimeBundle bundleOf(CellValue value) {
        Object object = value.object();
        if (Display.hasRichForm(object)) {
            try {
                return Display.bundleOf(object);
            } catch (RuntimeException e) {
                output.stderr().println("render() failed, showing the value as text: " + e);
            }
        }
        return MimeBundle.text(value.text());
    }
}
