package dev.course.kernel.io;

import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

/**
 * Asks the front end for a line of input on behalf of the running cell: the kernel's half of
 * Jupyter's {@code input_request} / {@code input_reply} exchange on the stdin channel.
 *
 * <p>A read waits until the learner answers, the cell is interrupted, or the cell ends — never
 * longer. Only the execute request that is running may ask, and only if it said
 * {@code allow_stdin: true}; otherwise reading fails at once with {@link StdinNotAvailableException},
 * so that a notebook executed by nbconvert cannot hang on {@code System.in}.
 *
 * <p>Threads: {@link #beginCell} and {@link #endCell} come from the shell thread, {@link #readLine}
 * from whichever thread the cell reads on, {@link #onReply} from the transport's reader and
 * {@link #cancel} from the control thread (interrupt).
 */
public final class InputRequests {

    private static final Logger LOG = Logger.getLogger(InputRequests.class.getName());

    private final Outbox outbox;
    private final Runnable flushOutput;

    // Guarded by this.
    private Message cell;
    private boolean allowStdin;
    private int cellNumber;
    private Pending pending;

    /** An input_request sent and not yet answered. */
    private record Pending(String requestId, CompletableFuture<String> answer) {
    }

    /**
     * @param outbox      where input requests go
     * @param flushOutput sends what the cell printed so far, so that a prompt printed with
     *                    {@code System.out.print} appears before the input box
     */
    public InputRequests(Outbox outbox, Runnable flushOutput) {
        this.outbox = outbox;
        this.flushOutput = flushOutput;
    }

    /** From now on reads belong to this execute request; {@code allowStdin} is its field of that name. */
    public synchronized void beginCell(Message request, boolean allowStdin) {
        cancelPending("a new cell started");
        this.cell = request;
        this.allowStdin = allowStdin;
        cellNumber++;
    }

    /** The cell is over: a read still waiting fails, and so do later reads (e.g. by a background thread). */
    public synchronized void endCell() {
        cancelPending("the cell ended");
        cell = null;
        allowStdin = false;
    }

    /**
     * Which cell reads belong to now; changes at every {@link #beginCell}, so that {@link CellInput}
     * can drop what one cell left unread instead of handing it to the next.
     */
    public synchronized int cellNumber() {
        return cellNumber;
    }

    /**
     * Sends an {@code input_request} and waits for the answer.
     *
     * @param prompt shown next to the input box
     * @return the line the learner typed, without a line end
     * @throws StdinNotAvailableException when no one can answer (see the class comment)
     * @throws InterruptedIOException     when the cell is interrupted or ends while waiting
     */
    public String readLine(String prompt) throws InterruptedIOException {
        Pending waiting;
        synchronized (this) {
            if (cell == null) {
                throw new StdinNotAvailableException(
                        "System.in can only be read while a cell runs; this read came after its cell ended");
            }
            if (!allowStdin) {
                throw new StdinNotAvailableException("this front end cannot send input (its execute_request said "
                        + "allow_stdin: false, as nbconvert does), so System.in cannot be read here; "
                        + "put the value in the code instead, or run the cell in a lesson page or a notebook");
            }
            if (pending != null) {
                throw new IllegalStateException("two reads of System.in at once; read from one thread at a time");
            }
            flushOutput.run();
            Message request = outbox.ask(cell, "input_request", Json.object("prompt", prompt, "password", false));
            waiting = new Pending(request.header().msgId(), new CompletableFuture<>());
            pending = waiting;
        }
        try {
            return waiting.answer().get();
        } catch (InterruptedException e) {
            throw interrupted("interrupted while waiting for input");
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw interrupted(cause.getMessage() == null ? "input cancelled" : cause.getMessage());
        } finally {
            synchronized (this) {
                if (pending == waiting) {
                    pending = null;
                }
            }
        }
    }

    /**
     * An {@code input_reply} arrived. It answers the waiting read; a reply whose parent is another
     * request, or that comes when nothing waits, is dropped (it may be late, or from another window).
     * Front ends such as {@code jupyter_client}'s {@code input()} send no parent; that is accepted.
     */
    public synchronized void onReply(Message reply) {
        if (!reply.type().equals("input_reply")) {
            LOG.info(() -> "ignoring " + reply.type() + " on stdin");
            return;
        }
        String parentId = reply.parent().map(header -> header.msgId()).orElse("");
        if (pending == null || !(parentId.isEmpty() || parentId.equals(pending.requestId()))) {
            LOG.info(() -> "ignoring an input_reply that answers nothing waiting");
            return;
        }
        pending.answer().complete(reply.content().path("value").asText(""));
    }

    /** An interrupt: the waiting read, if any, fails. */
    public synchronized void cancel() {
        cancelPending("interrupted while waiting for input");
    }

    private void cancelPending(String why) {
        if (pending != null) {
            pending.answer().completeExceptionally(new CancellationException(why));
            pending = null;
        }
    }

    private static InterruptedIOException interrupted(String why) {
        return new InterruptedIOException(why);
    }
}
