package dev.course.server.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Messages;
import dev.course.server.models.ModelComm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One learner's kernel: runs cells one after another, streams their output, and survives whatever
 * a cell does.
 *
 * <p>Each cell gets a wall-clock budget. When it runs out the cell is interrupted (JShell stops
 * loops); if it still has not stopped after a short grace the kernel is killed ({@link Kernel#kill}:
 * a local process tree is killed, a gateway kernel restarted through REST). If the kernel dies for
 * any reason (killed, {@code System.exit}, out of memory) a fresh one takes its place — the one its
 * {@link KernelHost} restarted in place, a warm one, or a new one — the lesson's setup code is run
 * again, and the cell's {@link Reply} says that state was lost and why. The server itself never
 * waits on a kernel without a deadline.
 *
 * <p>A cell run with {@code allowStdin} may read {@code System.in}: the kernel's
 * {@code input_request} goes to the cell's {@link Output}, and {@link #answerInput} sends the
 * learner's line back. The wall clock stops while the kernel waits for the learner to type — a slow
 * typist is not a runaway cell — and starts again with the answer; an interrupt ends the wait. A
 * learner who walks away leaves an idle kernel that the pool culls like any other.
 */
public final class KernelSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KernelSession.class);
    /** How long a new kernel may take to answer kernel_info before it counts as failed. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 50;

    /** What the page shows in its top bar. */
    public enum State { STARTING, IDLE, BUSY, RESTARTING, DEAD, CLOSED }

    /**
     * Receives a cell's output messages ({@code stream}, {@code display_data}, {@code execute_result},
     * {@code error}) and, for cells that allow stdin, the kernel's {@code input_request}.
     */
    @FunctionalInterface
    public interface Output {
        void accept(String msgType, JsonNode content);
    }

    /**
     * How a cell ended.
     *
     * @param status        ok, error or aborted, as in Jupyter's execute_reply
     * @param reply         the kernel's execute_reply content (a made-up one if the kernel died)
     * @param restartReason why the kernel was restarted during this cell, or null if it was not
     * @param timedOut      the cell ran out of its wall clock and was interrupted (and killed, if it
     *                      did not stop): its output ends where the limit cut it
     */
    public record Reply(String status, JsonNode reply, String restartReason, boolean timedOut) {
        public boolean restarted() {
            return restartReason != null;
        }

        /** Whether the kernel's reply says the cell was interrupted (by the wall clock or a Stop). */
        public boolean interrupted() {
            return timedOut || "Interrupted".equals(reply.path("ename").asText());
        }
    }

    /** The wall clock of one cell (an exercise's code and its checks each get one). */
    public Duration cellTimeout() {
        return host.limits().cellTimeout();
    }

    private final String id;
    private final KernelHost host;
    private final List<String> setupCode;
    private final WarmKernels warm;
    private final ExecutorService queue;
    private final Map<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final ModelComm modelComm;

    /** The kernel this session talks to now (possibly dead, until a replacement takes its place). */
    private volatile Kernel active;
    private volatile RunningCell running;
    private volatile RunningCell last;
    private volatile State state = State.DEAD;
    private volatile long interruptRequestedAt;
    private volatile boolean closed;
    private int generation;

    /**
     * @param id        a name for logs and the kernel's cgroup
     * @param host      starts kernels: local processes or kernels on a gateway
     * @param setupCode code run silently after every (re)start, e.g. a lesson's setup cells
     */
    public KernelSession(String id, KernelHost host, List<String> setupCode) {
        this(id, host, setupCode, null);
    }

    /**
     * @param warm where to take an already started kernel from, before starting one; may be null
     */
    public KernelSession(String id, KernelHost host, List<String> setupCode, WarmKernels warm) {
        this.id = id;
        this.warm = warm;
        this.host = host;
        this.setupCode = List.copyOf(setupCode);
        // Kernels on a gateway are started without the model-service flag and load models themselves.
        this.modelComm = new ModelComm(id, host.modelService(), message -> {
            Kernel current = active;
            if (current != null) {
                current.send(message);
            }
        });
        this.queue = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("kernel-session-" + id).factory());
    }

    /**
     * Starts the kernel ahead of the first cell, so that the first run feels instant. A start that
     * fails (a kernel that did not answer in time on a machine busy for a moment, say) is logged and
     * tried once more, so that the page recovers by itself; if that fails too the session goes
     * {@link State#DEAD}, so that the page says "kernel stopped" instead of "starting" for ever, and
     * the first cell tries again.
     */
    public CompletableFuture<Void> warmUp() {
        return CompletableFuture.runAsync(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    ensureStarted();
                    return;
                } catch (IOException e) {
                    if (closed) {
                        throw new IllegalStateException(e); // closed while it started: nothing went wrong
                    }
                    LOG.warn("kernel {} could not start ahead of its first cell (attempt {} of {}): {}",
                            id, attempt, WARM_UP_ATTEMPTS, e.getMessage());
                    if (attempt == WARM_UP_ATTEMPTS) {
                        setState(State.DEAD);
                        throw new IllegalStateException(e);
                    }
                }
            }
        }, queue);
    }

    /** How often {@link #warmUp} tries to start a kernel before it leaves the start to the first cell. */
    static final int WARM_UP_ATTEMPTS = 2;

    /**
     * Runs one cell after those already queued; output streams to {@code output} as it comes. The
     * cell may not read {@code System.in} (reading fails at once).
     */
    public CompletableFuture<Reply> execute(String code, Output output) {
        return execute(code, output, false);
    }

    /**
     * Runs one cell; with {@code allowStdin} a read of {@code System.in} reaches {@code output} as an
     * {@code input_request}, to be answered with {@link #answerInput}.
     */
    public CompletableFuture<Reply> execute(String code, Output output, boolean allowStdin) {
        return CompletableFuture.supplyAsync(() -> run(code, output, allowStdin), queue);
    }

    /**
     * Sends the learner's line to the running cell, which is waiting for it.
     *
     * @return false, sending nothing, when no cell of this session is waiting for input
     */
    public boolean answerInput(String value) {
        Kernel current = active;
        RunningCell cell = running;
        if (cell == null || current == null) {
            return false;
        }
        JsonNode inputRequest = cell.stopWaiting(System.nanoTime());
        if (inputRequest == null) {
            return false;
        }
        return current.send(Messages.inputReply(id, inputRequest, value));
    }

    /**
     * Sends a shell request other than a cell — {@code complete_request}, {@code inspect_request},
     * {@code is_complete_request}, {@code history_request} — and returns the reply's content. The
     * kernel answers after the running cell, if any; callers should bound the wait.
     */
    public CompletableFuture<JsonNode> request(String msgType, ObjectNode content) {
        Kernel current = active;
        if (current == null || !current.isAlive()) {
            return CompletableFuture.failedFuture(new IOException("no kernel is running"));
        }
        ObjectNode request = Messages.request("shell", msgType, id, content);
        String msgId = Messages.msgId(request);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(msgId, reply);
        reply.whenComplete((content2, failure) -> replies.remove(msgId));
        if (!current.send(request)) {
            reply.completeExceptionally(new IOException("the kernel is gone or does not read its input"));
        }
        return reply;
    }

    /** Asks the running cell to stop; if it does not within the grace period, the kernel is killed. */
    public void interrupt() {
        Kernel current = active;
        RunningCell cell = running;
        if (cell == null || current == null) {
            return;
        }
        if (!cell.started && cell.msgId != null) {
            // The kernel has not begun this cell yet (a busy machine): an interrupt now would be
            // forgotten when it does, so hold it until the kernel announces the cell.
            cell.interruptPending = true;
            if (cell.started) {
                sendInterrupt(current, cell);
            }
            return;
        }
        sendInterrupt(current, cell);
    }

    private void sendInterrupt(Kernel kernel, RunningCell cell) {
        cell.interruptPending = false;
        cell.stopWaiting(System.nanoTime()); // the kernel stops reading; a late answer is refused
        interruptRequestedAt = System.nanoTime();
        kernel.interrupt(id);
    }

    /** Throws the kernel away and starts a fresh one (state is lost), after the running cell if any is killed. */
    public CompletableFuture<Void> restart() {
        Kernel current = active;
        if (current != null) {
            current.kill();
        }
        return CompletableFuture.runAsync(() -> {
            try {
                awaitDeath(active);
                setState(State.RESTARTING);
                ensureStarted();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, queue);
    }

    public State state() {
        return state;
    }

    public String id() {
        return id;
    }

    /** The pid of the kernel process now, or -1 (also for a kernel on a gateway). */
    public long pid() {
        Kernel current = active;
        return current == null ? -1 : current.pid();
    }

    /** The limits of the kernel's cgroup as read back now (file name to value); empty without a cgroup or for a remote kernel. */
    public Map<String, String> cgroupLimits() {
        Kernel current = active;
        return current == null ? Map.of() : current.cgroupLimits();
    }

    /** The cgroup of the local kernel running now, or null (no cgroup on this machine, a gateway kernel, none running). */
    public dev.course.server.sandbox.Cgroup cgroup() {
        return active instanceof KernelProcess process && process.isAlive() ? process.cgroup() : null;
    }

    /**
     * Whether the kernel works for the learner now: a cell (or the lesson's setup code) runs, or the
     * kernel is starting. CPU it uses at other times is work nobody waits for ({@link CpuGovernor}).
     */
    public boolean working() {
        State now = state;
        return running != null || now == State.STARTING || now == State.RESTARTING;
    }

    /** Every process of a local kernel now, as the host sees them: the wrappers, the JVM and what it started. */
    public List<ProcessHandle> processTree() {
        Kernel current = active;
        return current == null ? List.of() : current.processTree();
    }

    /** A local kernel's JVM itself (inside the sandbox's wrappers), if it runs. */
    public java.util.Optional<ProcessHandle> kernelJvm() {
        return processTree().stream()
                .filter(handle -> handle.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** Memory used by the kernel (its cgroup), or -1 where this server cannot know it (no cgroup, a remote kernel). */
    public long memoryUsageBytes() {
        Kernel current = active;
        return current == null ? -1 : current.memoryUsageBytes();
    }

    /** Registers a listener told about every state change (on the session's threads). */
    public void onState(Consumer<State> listener) {
        stateListeners.add(listener);
    }

    public void removeStateListener(Consumer<State> listener) {
        stateListeners.remove(listener);
    }

    /** What isolates this session's kernels, for the page's badge. */
    public String sandboxDescription() {
        return host.describe();
    }

    /** Where this session's kernels run: on this machine or on a gateway. */
    public KernelHost host() {
        return host;
    }

    private Reply run(String code, Output output, boolean allowStdin) {
        String restartReason = null;
        try {
            if (closed) {
                return aborted("the session is closed");
            }
            if (active == null || !active.isAlive()) {
                boolean wasRunning = active != null;
                if (wasRunning) {
                    restartReason = "the kernel had stopped (" + active.describeDeath() + "); a new one was started and earlier state is lost";
                }
                ensureStarted();
            }
        } catch (IOException e) {
            LOG.warn("kernel {} could not start", id, e);
            return aborted("the kernel could not start: " + e.getMessage());
        }
        ObjectNode request = Messages.executeRequest(id, code, false, allowStdin);
        RunningCell cell = new RunningCell(Messages.msgId(request), output);
        interruptRequestedAt = 0;
        running = cell;
        last = cell;
        setState(State.BUSY);
        Kernel kernel = active;
        String killReason = null;
        if (!kernel.send(request)) {
            if (kernel.isAlive()) {
                // Its input queue is full: it has stopped reading (its writer kills it soon anyway).
                kernel.kill();
                killReason = "the kernel did not read the cell (its input was full)";
            }
            cell.kernelDied(kernel);
        }
        String timedOut = awaitCell(cell, kernel);
        killReason = killReason != null ? killReason : timedOut;
        running = null;
        if (cell.diedIn != null || killReason != null) {
            String why = killReason != null ? killReason : kernel.describeDeath();
            restartReason = why + "; the kernel was restarted and earlier state (variables, methods) is lost";
            ObjectNode error = Messages.JSON.createObjectNode();
            error.put("ename", "KernelRestarted");
            error.put("evalue", why);
            error.putArray("traceback").add("The kernel stopped: " + why + ".");
            output.accept("error", error);
            try {
                awaitDeath(kernel);
                setState(State.RESTARTING);
                ensureStarted();
            } catch (IOException e) {
                LOG.warn("kernel {} could not restart", id, e);
                setState(State.DEAD);
            }
            ObjectNode reply = Messages.JSON.createObjectNode().put("status", "error");
            return new Reply("error", reply, restartReason, cell.timedOut);
        }
        setState(State.IDLE);
        JsonNode reply = cell.reply != null ? cell.reply : Messages.JSON.createObjectNode().put("status", "error");
        return new Reply(reply.path("status").asText("error"), reply, restartReason, cell.timedOut);
    }

    /**
     * Waits for the cell to finish, enforcing the wall clock: interrupt at the timeout, kill after the
     * grace. Time spent waiting for the learner's input does not count. Returns why the kernel was
     * killed, or null if it was not.
     */
    private String awaitCell(RunningCell cell, Kernel kernel) {
        long start = System.nanoTime();
        long timeout = host.limits().cellTimeout().toNanos();
        long grace = host.limits().interruptGrace().toNanos();
        boolean timedOut = false;
        try {
            while (!cell.awaitDone(POLL_MILLIS)) {
                long now = System.nanoTime();
                if (!timedOut && now - start - cell.waitedNanos(now) > timeout) {
                    timedOut = true;
                    cell.timedOut = true;
                    LOG.info("kernel {}: cell exceeded {} s, interrupting", id, host.limits().cellTimeout().toSeconds());
                    sendInterrupt(kernel, cell); // the wall clock does not wait for the cell to be announced
                }
                long interruptedAt = interruptRequestedAt;
                if (interruptedAt != 0 && now - interruptedAt > grace) {
                    kernel.kill();
                    return timedOut
                            ? "the cell ran longer than " + host.limits().cellTimeout().toSeconds()
                              + " s and did not stop when interrupted"
                            : "the cell did not stop when interrupted";
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kernel.kill();
            return "the server stopped waiting";
        }
        return null;
    }

    private void ensureStarted() throws IOException {
        Kernel previous = active;
        if (previous != null && previous.isAlive()) {
            return;
        }
        if (closed) {
            throw new IOException("session closed");
        }
        setState(state == State.RESTARTING ? State.RESTARTING : State.STARTING);
        Kernel started = previous == null ? null : adoptSuccessor(previous);
        if (started == null) {
            started = adoptWarmKernel();
        }
        if (started == null) {
            String kernelId;
            synchronized (lock) {
                kernelId = id + "-" + (++generation);
            }
            KernelHandle handle = KernelHandle.launch(host, kernelId);
            handle.awaitReady(START_TIMEOUT);
            active = handle.kernel();
            handle.attach(this::dispatch, this::exited);
            started = handle.kernel();
        }
        for (String code : setupCode) {
            RunningCell setup = new RunningCell(null, (type, content) -> {
                if (type.equals("error")) {
                    LOG.warn("kernel {}: setup code failed: {}", id, content.path("evalue").asText());
                }
            });
            ObjectNode request = Messages.executeRequest(id, code, true);
            RunningCell tracked = new RunningCell(Messages.msgId(request), setup.output);
            interruptRequestedAt = 0;
            running = tracked;
            started.send(request);
            awaitCell(tracked, started);
            running = null;
        }
        setState(State.IDLE);
    }

    /**
     * The kernel the host restarted in place of a dead one (a gateway keeps a restarted kernel's
     * id), now owned by this session; null when the host has none and the caller must find another.
     */
    private Kernel adoptSuccessor(Kernel dead) throws IOException {
        Optional<KernelHandle> successor = KernelHandle.successor(host, dead);
        if (successor.isEmpty()) {
            return null;
        }
        KernelHandle handle = successor.get();
        try {
            handle.awaitReady(START_TIMEOUT);
        } catch (IOException e) {
            LOG.warn("kernel {}: the restarted kernel {} did not answer ({}); starting another", id, handle.kernel().describe(), e.getMessage());
            return null;
        }
        active = handle.kernel();
        handle.attach(this::dispatch, this::exited);
        LOG.debug("kernel {} continues in restarted kernel {}", id, handle.kernel().describe());
        return handle.kernel();
    }

    /** A kernel from the warm pool, if there is one ready, now owned by this session; null otherwise. */
    private Kernel adoptWarmKernel() {
        if (warm == null) {
            return null;
        }
        while (true) {
            KernelHandle handle = warm.take().orElse(null);
            if (handle == null) {
                return null;
            }
            active = handle.kernel();
            handle.attach(this::dispatch, this::exited);
            if (handle.isAlive()) {
                LOG.debug("kernel {} adopted warm kernel {}", id, handle.kernel().describe());
                return handle.kernel();
            }
        }
    }

    /**
     * Routes a message from the kernel to the cell it belongs to. Runs on the kernel's reader thread.
     * Comm messages (the model service's requests) go to the {@link ModelComm}, never to the page.
     */
    private void dispatch(JsonNode message) {
        String type = Messages.msgType(message);
        if (ModelComm.handles(type)) {
            modelComm.receive(message);
            return;
        }
        String parent = Messages.parentId(message);
        CompletableFuture<JsonNode> waiting = replies.get(parent);
        if (waiting != null && type.endsWith("_reply")) {
            waiting.complete(message.path("content"));
            return;
        }
        RunningCell cell = running;
        RunningCell target = cell != null && parent.equals(cell.msgId) ? cell
                : last != null && parent.equals(last.msgId) ? last : null;
        if (target == null) {
            return;
        }
        switch (type) {
            case "status" -> {
                if (message.path("content").path("execution_state").asText().equals("idle")) {
                    target.wentIdle();
                }
            }
            case "execute_input" -> {
                target.started = true;
                Kernel kernel = active;
                if (target.interruptPending && kernel != null && target == running) {
                    sendInterrupt(kernel, target);
                }
            }
            case "execute_reply" -> {
                target.stopWaiting(System.nanoTime());
                target.replied(message.path("content"));
            }
            case "input_request" -> {
                if (target == running) {
                    target.inputRequested(message.path("header"), System.nanoTime());
                    target.output.accept(type, message.path("content"));
                }
            }
            case "stream", "display_data", "update_display_data", "execute_result", "error", "clear_output" ->
                    target.output.accept(type, message.path("content"));
            default -> {
                // Other messages are not shown.
            }
        }
    }

    private void exited(Kernel gone) {
        LOG.info("kernel {} ({}) exited: {}", id, gone.describe(), gone.describeDeath());
        if (active == gone) {
            modelComm.kernelExited();
        }
        RunningCell cell = running;
        if (cell != null && active == gone) {
            cell.kernelDied(gone);
        }
        if (active == gone) {
            // Only requests sent to this kernel can no longer be answered; a new kernel may already be starting.
            replies.values().forEach(reply -> reply.completeExceptionally(new IOException("kernel exited")));
        }
        if (active == gone && running == null && !closed) {
            setState(State.DEAD);
        }
    }

    private void awaitDeath(Kernel kernel) {
        if (kernel == null) {
            return;
        }
        try {
            if (!kernel.awaitExit(10, TimeUnit.SECONDS)) {
                kernel.kill();
                kernel.awaitExit(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Reply aborted(String why) {
        ObjectNode reply = Messages.JSON.createObjectNode().put("status", "aborted").put("reason", why);
        return new Reply("aborted", reply, null, false);
    }

    private void setState(State next) {
        if (state == next) {
            return;
        }
        state = next;
        stateListeners.forEach(listener -> {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.debug("state listener failed", e);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        Kernel current = active;
        if (current != null) {
            current.shutdown();
        }
        queue.shutdownNow();
        setState(State.CLOSED);
    }
}
