package dev.course.server.kernel;

import dev.course.server.sandbox.Cgroup;
import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running kernel child process and its stdio pipe: JSON messages out on stdin, JSON messages in on
 * stdout, one per line: the {@link Kernel} of a {@link KernelLauncher}. It knows nothing of cells
 * or sessions; {@link KernelSession} does.
 *
 * <p>The kernel is untrusted. Its stdout may carry anything, so a line that is not a JSON object
 * is logged and dropped, and both stdout and stderr are read in chunks by a {@link BoundedLineReader}:
 * at most {@link #MAX_LINE_CHARS} characters of a protocol line and {@link #STDERR_LINE_CHARS} of a
 * stderr line are ever held, the rest of a longer line is thrown away as it arrives. Stderr is kept
 * only as a short tail that explains a death ("OutOfMemoryError", "exit code 1").
 *
 * <p>Nothing waits on the kernel's stdin: {@link #send} hands the line to a {@link PipeWriter} and
 * returns. A kernel that does not read a message within {@link PipeWriter#DEFAULT_WRITE_DEADLINE}
 * (stopped with {@code SIGSTOP}, or hung) is killed, and its death says why.
 */
public final class KernelProcess implements Kernel, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KernelProcess.class);
    /**
     * The longest protocol line accepted; longer ones are dropped. The kernel caps a cell's output
     * and each displayed value at 1,000,000 characters, so its own messages stay well below.
     */
    public static final int MAX_LINE_CHARS = Messages.MAX_MESSAGE_CHARS;
    /** How much of one stderr line is kept (the tail only explains a death). */
    static final int STDERR_LINE_CHARS = 500;
    private static final int STDERR_TAIL_LINES = 40;
    private static final long STDERR_DRAIN_MILLIS = 1000;

    private final Process process;
    private final PipeWriter stdin;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Cgroup cgroup;
    /** Why the server killed the kernel on its own account (it stopped reading), or null. */
    private volatile String killedBecause;

    private KernelProcess(Process process, Cgroup cgroup) {
        this.process = process;
        this.cgroup = cgroup;
        this.stdin = new PipeWriter(Long.toString(process.pid()), process.getOutputStream(),
                PipeWriter.DEFAULT_MAX_QUEUED_BYTES, PipeWriter.DEFAULT_WRITE_DEADLINE, this::stoppedReading);
    }

    /** The kernel did not read its stdin within the deadline: it is stopped or hung, and is killed. */
    private void stoppedReading() {
        killedBecause = "it stopped reading its input for " + PipeWriter.DEFAULT_WRITE_DEADLINE.toSeconds()
                + " s (stopped or hung) and was killed by the server";
        LOG.warn("kernel {} did not read its stdin within {} s; killing it", pid(), PipeWriter.DEFAULT_WRITE_DEADLINE.toSeconds());
        kill();
    }

    /**
     * Starts a kernel process.
     *
     * @param command   the full command line (sandbox layers included)
     * @param env       the complete environment of the child (nothing of the server's is inherited)
     * @param cgroup    the group the process joins, removed when it exits; may be null
     * @param onMessage called on a reader thread for every message the kernel writes
     * @param onExit    called once when the process has exited and its output is drained
     */
    public static KernelProcess start(List<String> command, Map<String, String> env, Cgroup cgroup,
                                      Consumer<JsonNode> onMessage, Consumer<? super KernelProcess> onExit) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        KernelProcess kernel = new KernelProcess(builder.start(), cgroup);
        Thread stderr = Thread.ofPlatform().daemon().name("kernel-stderr-" + kernel.pid()).start(kernel::drainStderr);
        Thread.ofPlatform().daemon().name("kernel-stdout-" + kernel.pid()).start(() -> {
            kernel.readMessages(onMessage);
            try {
                kernel.process.waitFor();
                // The last stderr lines say why it died ("OutOfMemoryError"): read them before telling anyone.
                stderr.join(STDERR_DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kernel.stdin.close();
            if (cgroup != null) {
                cgroup.killAll(); // whatever the kernel left behind (a fork bomb's orphans)
                cgroup.remove();
            }
            onExit.accept(kernel);
        });
        return kernel;
    }

    private void readMessages(Consumer<JsonNode> onMessage) {
        try (InputStreamReader stdout = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            BoundedLineReader reader = new BoundedLineReader(stdout, MAX_LINE_CHARS);
            long tooLong = 0;
            BoundedLineReader.Line read;
            while ((read = reader.next()) != null) {
                if (read.cut()) {
                    // Said once per kernel at warn level: a cell writing to fd 1 in a loop must not flood the log.
                    if (tooLong++ == 0) {
                        LOG.warn("kernel {} wrote a line of {} characters, more than the limit of {}; dropped (further ones are logged at debug)",
                                pid(), read.length(), MAX_LINE_CHARS);
                    } else {
                        LOG.debug("kernel {} wrote a line of {} characters; dropped", pid(), read.length());
                    }
                    continue;
                }
                String line = read.text();
                JsonNode message = parse(line);
                if (message == null) {
                    LOG.debug("kernel {} wrote a non-protocol line: {}", pid(), abbreviate(line));
                    continue;
                }
                try {
                    onMessage.accept(message);
                } catch (RuntimeException e) {
                    LOG.warn("handling a message from kernel {} failed", pid(), e);
                }
            }
        } catch (IOException e) {
            LOG.debug("kernel {} stdout closed: {}", pid(), e.getMessage());
        }
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = Messages.JSON.readTree(line);
            return node != null && node.isObject() && node.has("header") ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void drainStderr() {
        try (InputStreamReader stderr = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
            BoundedLineReader reader = new BoundedLineReader(stderr, STDERR_LINE_CHARS);
            BoundedLineReader.Line read;
            while ((read = reader.next()) != null) {
                String line = read.cut() ? read.text() + "…" : read.text();
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                }
                LOG.debug("kernel {} stderr: {}", pid(), abbreviate(line));
            }
        } catch (IOException ignored) {
            // The process is gone.
        }
    }

    /**
     * Queues one message for the kernel's stdin and returns at once; false, sending nothing, if the
     * kernel is gone or {@link PipeWriter#DEFAULT_MAX_QUEUED_BYTES} already wait for it.
     */
    @Override
    public boolean send(JsonNode message) {
        try {
            return stdin.offer((Messages.JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        }
    }

    /** The process (the outermost wrapper: sh or bwrap when sandboxed), with its descendants. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<ProcessHandle> processTree() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants()).toList();
    }

    @Override
    public Map<String, String> cgroupLimits() {
        return cgroup == null ? Map.of() : cgroup.limits();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or -1 while running. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    /** Memory used by the kernel's process tree per its cgroup, or -1. */
    @Override
    public long memoryUsageBytes() {
        return cgroup == null ? -1 : cgroup.memoryUsageBytes();
    }

    /** The kernel's control channel carries the interrupt: JShell stops the running snippet. */
    @Override
    public void interrupt(String session) {
        send(Messages.request("control", "interrupt_request", session, Messages.JSON.createObjectNode()));
    }

    /** Kills the kernel and everything it started, without waiting for it to agree. */
    @Override
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (cgroup != null) {
            cgroup.killAll();
        }
    }

    /** The kernel's cgroup, or null when it runs without one. */
    public Cgroup cgroup() {
        return cgroup;
    }

    /** Asks the kernel to shut down, and kills it if it has not exited two seconds later. */
    @Override
    public void shutdown() {
        send(Messages.request("control", "shutdown_request", "server", Messages.JSON.createObjectNode().put("restart", false)));
        try {
            if (!awaitExit(2, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** A learner-readable reason for the kernel's death, from its exit code and last stderr lines. */
    @Override
    public String describeDeath() {
        int code = exitCode();
        String killed = killedBecause;
        if (killed != null && code != -1) {
            return killed;
        }
        String tail = stderrTail();
        if (tail.contains("OutOfMemoryError") || tail.contains("Terminating due to java.lang.OutOfMemoryError")) {
            return "it ran out of memory (java.lang.OutOfMemoryError)";
        }
        return switch (code) {
            case -1 -> "it is still running";
            case 0 -> "it exited normally";
            case 137 -> "it was killed (memory limit exceeded or stopped by the server)";
            case 97 -> "it could not join its cgroup";
            default -> code > 128 ? "it was killed by signal " + (code - 128)
                    : "it exited with code " + code + " (System.exit or a crash)";
        };
    }

    @Override
    public String describe() {
        return "pid " + pid();
    }

    /** Waits up to the timeout for the process to end. */
    @Override
    public boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    @Override
    public void close() {
        kill();
    }

    private static String abbreviate(String line) {
        return line.length() <= 500 ? line : line.substring(0, 500) + "…";
    }
}
