package dev.course.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.MimeTypes;
import dev.course.lessons.Block;
import dev.course.lessons.CellRole;
import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import dev.course.server.kernel.KernelPool;
import dev.course.server.kernel.KernelSession;
import dev.course.kernel.protocol.Messages;
import dev.course.server.progress.ProgressStore;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The WebSocket between a lesson page and the learner's kernel for that lesson.
 *
 * <p>The page sends small commands:
 * <pre>{@code
 * {"type": "execute", "cell": "c2", "code": "…"}
 * {"type": "check", "exercise": "cosine", "code": "…"}
 * {"type": "save", "cell": "c2", "code": "…"}    {"type": "reset", "cell": "c2"}
 * {"type": "interrupt"}   {"type": "restart"}
 * {"type": "complete" | "inspect", "cell": "c2", "code": "…", "cursor_pos": 7, "request": "a1"}
 * {"type": "input", "cell": "c2", "value": "Ada"}
 * }</pre>
 * and receives the kernel's output in Jupyter's vocabulary, tagged with the cell:
 * {@code {"cell": "c2", "msg_type": "stream", "content": {…}}}, ending with an
 * {@code execute_reply}; plus {@code kernel_status} and {@code kernel_restarted} notices. A cell
 * the learner runs may read {@code System.in}: its {@code input_request} is relayed like output,
 * and the page's {@code input} command answers it — accepted only while the learner's own kernel
 * waits for input, and at most {@link #MAX_INPUT_CHARS} long. Output
 * is relayed as data, never as markup: the page escapes text and shows HTML only in a sandboxed
 * frame. A cell's output, its input prompts included, is cut after {@link #MAX_OUTPUT_CHARS_PER_CELL};
 * everything sent to a page goes through its {@link PageOutbox}, which drops output a page does not
 * read fast enough and disconnects a page that stays behind.
 */
final class KernelSocket {

    private static final Logger LOG = LoggerFactory.getLogger(KernelSocket.class);
    /** The largest cell a page may send. */
    static final int MAX_CODE_CHARS = 100_000;
    /** How much output of one cell is relayed to the page before the rest is cut. */
    static final long MAX_OUTPUT_CHARS_PER_CELL = 2_000_000;
    /** The longest line a page may send as input to a cell. */
    static final int MAX_INPUT_CHARS = 10_000;

    private final Supplier<Course> course;
    private final KernelPool pool;
    private final ProgressStore progress;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Map<String, PageOutbox> outboxes = new ConcurrentHashMap<>();

    /**
     * One open page: whose it is, its lesson, its kernel and how to talk back to it; and whether a
     * cell it ran waits for input, which only this page can give.
     */
    private record Connection(String learner, String lessonPath, Lesson lesson, KernelSession kernel, SavedWork work,
                              Consumer<KernelSession.State> stateListener, AtomicBoolean awaitingInput,
                              java.util.concurrent.atomic.AtomicInteger pendingCells) {
        String key() {
            return learner + ":" + lessonPath;
        }
    }

    /** Whether a learner may use a lesson's kernel (in a workshop, only lessons the instructor opened). */
    private final LessonAccess access;
    private final KernelQuota quota;
    private final LearnerCookie cookies;
    private final HostCheck hosts;
    private final RateLimiter rateLimiter = RateLimiter.defaults();
    /** Saves and resets: each is a database write of up to a cell's size; typing saves a few a second at most. */
    private final RateLimiter saves = new RateLimiter(30, 5, new ConcurrentHashMap<>());
    /** Restarts: each starts a JVM. */
    private final RateLimiter restarts = new RateLimiter(3, 0.1, new ConcurrentHashMap<>());
    private final RateLimiter interrupts = new RateLimiter(10, 1, new ConcurrentHashMap<>());
    /** Completion and documentation requests, sent as the learner types. */
    private final RateLimiter assists = new RateLimiter(20, 5, new ConcurrentHashMap<>());
    /** Cells a page may have sent and not yet seen answered; past this a cell is refused, not queued. */
    static final int MAX_PENDING_CELLS = 5;

    /**
     * @param quota   starts kernels within the caps per learner and per client address
     * @param pool    the kernels (kept warm by every message)
     * @param cookies proves which learner a handshake comes from
     * @param hosts   the names and origins a handshake may come with
     */
    KernelSocket(Supplier<Course> course, KernelQuota quota, KernelPool pool, ProgressStore progress, LessonAccess access,
                 LearnerCookie cookies, HostCheck hosts) {
        this.course = course;
        this.quota = quota;
        this.pool = pool;
        this.progress = progress;
        this.access = access;
        this.cookies = cookies;
        this.hosts = hosts;
    }

    void configure(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onMessage(this::message);
        ws.onClose(this::close);
        ws.onError(ctx -> LOG.debug("websocket error: {}", ctx.error() == null ? "" : ctx.error().getMessage()));
    }

    private void connect(WsConnectContext ctx) {
        if (!hosts.hostAllowed(ctx.header("Host")) || !hosts.originAllowed(ctx.header("Origin"), ctx.header("Host"))) {
            LOG.warn("refused a kernel websocket for host {} from origin {}", ctx.header("Host"), ctx.header("Origin"));
            ctx.closeSession(4403, "refused: unknown Host or Origin (see --public-url)");
            return;
        }
        Optional<String> proven = cookies.verify(ctx.cookie(LearnerCookie.NAME));
        if (proven.isEmpty()) {
            ctx.closeSession(4401, "reload the lesson page (no learner cookie from this server)");
            return;
        }
        String learner = proven.get();
        String lessonPath = Optional.ofNullable(ctx.queryParam("lesson")).orElse("");
        String[] parts = lessonPath.split("/", 2);
        Optional<Lesson> lesson = parts.length == 2 ? course.get().lesson(parts[0], parts[1]) : Optional.empty();
        if (lesson.isEmpty()) {
            ctx.closeSession(4404, "no such lesson: " + lessonPath);
            return;
        }
        if (!access.mayOpen(learner, lessonPath)) {
            ctx.closeSession(4403, "this lesson is not open for you");
            return;
        }
        KernelSession kernel;
        try {
            kernel = quota.kernelFor(learner, lessonPath, clientAddress(ctx), lesson.get().cells().stream()
                    .filter(cell -> cell.role() == CellRole.SETUP).map(Block.Cell::source).toList());
        } catch (IllegalStateException full) {
            send(ctx, notice("kernel_status", Messages.JSON.createObjectNode().put("state", "refused")
                    .put("message", full.getMessage())));
            ctx.closeSession(4503, "too many kernels");
            return;
        }
        // The kernel may change state while this page connects (it is starting on the session's own
        // thread). Each status is read when it is sent, one at a time, so the last one the page
        // gets is the kernel's state now, never an older one overtaking a newer one.
        Object statusOrder = new Object();
        Runnable sendStatus = () -> {
            synchronized (statusOrder) {
                send(ctx, status(kernel, kernel.state()));
            }
        };
        Consumer<KernelSession.State> listener = changed -> sendStatus.run();
        kernel.onState(listener);
        connections.put(ctx.sessionId(), new Connection(learner, lessonPath, lesson.get(), kernel,
                new SavedWork(progress, learner, lessonPath, lesson.get()), listener, new AtomicBoolean(),
                new java.util.concurrent.atomic.AtomicInteger()));
        sendStatus.run();
    }

    private void message(WsMessageContext ctx) {
        Connection connection = connections.get(ctx.sessionId());
        if (connection == null) {
            return;
        }
        JsonNode command;
        try {
            command = Messages.JSON.readTree(ctx.message());
        } catch (Exception e) {
            send(ctx, problem("not a JSON command"));
            return;
        }
        pool.touch(connection.key());
        String code = command.path("code").asText("");
        if (code.length() > MAX_CODE_CHARS) {
            send(ctx, problem("this cell is longer than " + MAX_CODE_CHARS + " characters"));
            return;
        }
        String type = command.path("type").asText();
        if (type.equals("execute") || type.equals("check")) {
            String cell = command.path("cell").asText(type.equals("check") ? ExerciseCheck.cellId(command.path("exercise").asText()) : "");
            String refusal = !rateLimiter.tryAcquire(connection.learner()) ? "too many cells at once; wait a moment and run it again"
                    : connection.pendingCells().get() >= MAX_PENDING_CELLS ? MAX_PENDING_CELLS
                    + " cells are already waiting to run; wait for them, or press Stop" : null;
            if (refusal != null) {
                send(ctx, tagged(cell, "execute_reply", Messages.JSON.createObjectNode().put("status", "aborted")
                        .put("reason", refusal), null));
                return;
            }
        }
        RateLimiter limiter = switch (type) {
            case "save", "reset" -> saves;
            case "restart" -> restarts;
            case "interrupt" -> interrupts;
            case "complete", "inspect" -> assists;
            default -> null;
        };
        if (limiter != null && !limiter.tryAcquire(connection.learner())) {
            send(ctx, problem("too many " + type + " commands at once; wait a moment and try again"
                    + (type.equals("save") ? " (your edit is still in the editor)" : "")));
            return;
        }
        switch (type) {
            case "execute" -> execute(ctx, connection, command.path("cell").asText(), code);
            case "check" -> check(ctx, connection, command.path("exercise").asText(), code);
            case "save" -> save(ctx, connection, command.path("cell").asText(), code);
            case "reset" -> reset(ctx, connection, command.path("cell").asText());
            case "interrupt" -> connection.kernel().interrupt();
            case "restart" -> connection.kernel().restart();
            case "complete", "inspect" -> assist(ctx, connection, type, command, code);
            case "input" -> input(ctx, connection, command.path("value"));
            default -> send(ctx, problem("unknown command type '" + command.path("type").asText() + "'"));
        }
    }

    /**
     * Completion (Ctrl-Space) and documentation (Ctrl-I, hover) for the editor: the kernel's
     * {@code complete_request} / {@code inspect_request}, answered as
     * {@code {"msg_type": "complete_reply", "request": …, "content": {…}}}. A kernel busy with a cell
     * answers after it; the page gets an empty answer after {@link #ASSIST_TIMEOUT_MS}.
     */
    private void assist(WsContext ctx, Connection connection, String type, JsonNode command, String code) {
        ObjectNode content = Messages.JSON.createObjectNode().put("code", code)
                .put("cursor_pos", command.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        if (type.equals("inspect")) {
            content.put("detail_level", 0);
        }
        String request = command.path("request").asText("");
        connection.kernel().request(type + "_request", content)
                .orTimeout(ASSIST_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((reply, failure) -> {
                    ObjectNode message = notice(type + "_reply", failure == null ? (ObjectNode) reply
                            : Messages.JSON.createObjectNode().put("status", "error"));
                    message.put("request", request);
                    send(ctx, message);
                });
    }

    /**
     * The learner's answer to a cell reading {@code System.in}; refused unless a cell this page ran is
     * waiting for it in the learner's own kernel.
     */
    private void input(WsContext ctx, Connection connection, JsonNode value) {
        if (!value.isTextual()) {
            send(ctx, problem("an input command needs a text \"value\""));
        } else if (value.asText().length() > MAX_INPUT_CHARS) {
            send(ctx, problem("this input is longer than " + MAX_INPUT_CHARS + " characters"));
        } else if (!connection.awaitingInput().compareAndSet(true, false) || !connection.kernel().answerInput(value.asText())) {
            send(ctx, problem("the kernel is not waiting for input from this page"));
        }
    }

    /** How long the editor waits for completions or documentation. */
    static final long ASSIST_TIMEOUT_MS = 3000;

    private void execute(WsContext ctx, Connection connection, String cellId, String code) {
        if (!knownCell(ctx, connection, cellId)) {
            return;
        }
        connection.work().code(cellId, code);
        run(ctx, connection, cellId, code, null);
    }

    /** The learner's edits, saved as they type so that nothing is lost; acknowledged once committed. */
    private void save(WsContext ctx, Connection connection, String cellId, String code) {
        if (knownCell(ctx, connection, cellId)) {
            connection.work().code(cellId, code);
            send(ctx, tagged(cellId, "saved", Messages.JSON.createObjectNode(), null));
        }
    }

    /** Back to the lesson's original code for a cell. */
    private void reset(WsContext ctx, Connection connection, String cellId) {
        if (knownCell(ctx, connection, cellId)) {
            connection.work().reset(cellId);
            send(ctx, tagged(cellId, "reset", Messages.JSON.createObjectNode(), null));
        }
    }

    private boolean knownCell(WsContext ctx, Connection connection, String cellId) {
        boolean known = connection.lesson().cell(cellId).isPresent()
                || (cellId.startsWith("ex-") && connection.lesson().exercise(cellId.substring(3)).isPresent());
        if (!known) {
            send(ctx, problem("no cell '" + cellId + "' in this lesson"));
        }
        return known;
    }

    /** Checks an exercise ({@link ExerciseCheck}): the learner's code, then, if it ran, the hidden checks against it. */
    private void check(WsContext ctx, Connection connection, String exerciseId, String code) {
        Optional<Block.Exercise> exercise = connection.lesson().exercise(exerciseId);
        if (exercise.isEmpty()) {
            send(ctx, problem("no exercise '" + exerciseId + "' in this lesson"));
            return;
        }
        String cellId = ExerciseCheck.cellId(exerciseId);
        connection.work().code(cellId, code);
        ExerciseCheck.start(exercise.get(), code, connection.kernel().cellTimeout(),
                (cell, source, phase) -> run(ctx, connection, cell, source, phase),
                message -> checkBlocked(ctx, cellId, exerciseId, message));
    }

    /** The check gave no verdict: the page shows why in place of "Checking…". */
    private void checkBlocked(WsContext ctx, String cellId, String exerciseId, String message) {
        ObjectNode content = Messages.JSON.createObjectNode().put("exercise", exerciseId).put("message", message);
        send(ctx, tagged(cellId, "check_blocked", content, "check"));
    }

    private java.util.concurrent.CompletableFuture<KernelSession.Reply> run(WsContext ctx, Connection connection, String cellId,
                                                                            String code, String phase) {
        AtomicLong relayed = new AtomicLong();
        connection.pendingCells().incrementAndGet();
        boolean allowStdin = phase == null; // the learner's own cells; exercise code and checks run unattended
        return connection.kernel().execute(code, (type, content) -> {
            if ("check".equals(phase) && type.equals("display_data")) {
                connection.work().verdict(cellId.substring("ex-".length()), content.path("data").path(MimeTypes.CHECK));
            }
            int length = content.toString().length();
            long size = relayed.addAndGet(length);
            boolean over = size > MAX_OUTPUT_CHARS_PER_CELL;
            if (over && size - length <= MAX_OUTPUT_CHARS_PER_CELL) {
                send(ctx, tagged(cellId, "stream", Messages.JSON.createObjectNode().put("name", "stderr")
                        .put("text", "\n[output cut: this cell printed more than " + MAX_OUTPUT_CHARS_PER_CELL + " characters]\n"), phase));
            }
            if (type.equals("input_request")) {
                // Counted like output, but never dropped: the cell waits for the answer. Past the cap only its prompt goes.
                connection.awaitingInput().set(true);
                send(ctx, tagged(cellId, type, over ? withoutPrompt(content) : content, phase));
                return;
            }
            if (!over) {
                sendOutput(ctx, cellId, phase, tagged(cellId, type, content, phase));
            }
        }, allowStdin).whenComplete((reply, failure) -> {
            connection.pendingCells().decrementAndGet();
            connection.awaitingInput().set(false);
            if (failure != null) {
                send(ctx, tagged(cellId, "execute_reply", Messages.JSON.createObjectNode().put("status", "aborted"), phase));
                return;
            }
            if (reply.restarted()) {
                send(ctx, tagged(cellId, "kernel_restarted", Messages.JSON.createObjectNode().put("reason", reply.restartReason()), phase));
            }
            if (phase == null) {
                connection.work().ran(cellId, reply.status()); // before the reply: see SavedWork#ran
            }
            ObjectNode content = reply.reply().deepCopy();
            content.put("status", reply.status());
            send(ctx, tagged(cellId, "execute_reply", content, phase));
        });
    }

    private void close(WsCloseContext ctx) {
        outboxes.remove(ctx.sessionId());
        Connection connection = connections.remove(ctx.sessionId());
        if (connection != null) {
            connection.kernel().removeStateListener(connection.stateListener());
            if (connection.awaitingInput().get()) {
                // No one else can answer the cell this page ran; it would hold the kernel until culled.
                connection.kernel().interrupt();
            }
        }
    }

    private static ObjectNode status(KernelSession kernel, KernelSession.State state) {
        ObjectNode content = Messages.JSON.createObjectNode();
        content.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        content.put("sandbox", kernel.sandboxDescription());
        if (kernel.host().remote()) {
            // Isolation is the gateway's job; this server cannot vouch for it either way.
            content.put("placement", "remote");
        } else {
            content.put("placement", "local");
            content.put("isolated", kernel.host().sandboxed());
        }
        return notice("kernel_status", content);
    }

    private static ObjectNode notice(String type, ObjectNode content) {
        ObjectNode message = Messages.JSON.createObjectNode();
        message.put("msg_type", type);
        message.set("content", content);
        return message;
    }

    private static ObjectNode problem(String text) {
        return notice("problem", Messages.JSON.createObjectNode().put("message", text));
    }

    private static ObjectNode tagged(String cellId, String type, JsonNode content, String phase) {
        ObjectNode message = Messages.JSON.createObjectNode();
        message.put("cell", cellId);
        message.put("msg_type", type);
        if (phase != null) {
            message.put("phase", phase);
        }
        message.set("content", content);
        return message;
    }

    /** An input request whose prompt no longer fits the cell's output cap: the box is shown, without the prompt. */
    private static JsonNode withoutPrompt(JsonNode content) {
        ObjectNode cut = content.deepCopy();
        cut.put("prompt", "");
        return cut;
    }

    private PageOutbox outbox(WsContext ctx) {
        return outboxes.computeIfAbsent(ctx.sessionId(), id -> PageOutbox.of(ctx.session));
    }

    /** Sends a message the page needs (replies, statuses); only a page far behind loses it, by being disconnected. */
    private void send(WsContext ctx, JsonNode message) {
        try {
            outbox(ctx).send(Messages.JSON.writeValueAsString(message));
        } catch (Exception e) {
            LOG.debug("could not send to page: {}", e.getMessage());
        }
    }

    /** Sends a cell's output, which the page's outbox drops if the page does not keep up, saying so under the cell. */
    private void sendOutput(WsContext ctx, String cellId, String phase, JsonNode message) {
        try {
            outbox(ctx).sendOutput(Messages.JSON.writeValueAsString(message), () -> tagged(cellId, "stream",
                    Messages.JSON.createObjectNode().put("name", "stderr").put("text", "\n[output dropped: the page did not keep up"
                            + " with this cell's output, so some of it was not sent]\n"), phase).toString());
        } catch (Exception e) {
            LOG.debug("could not send to page: {}", e.getMessage());
        }
    }

    /** The client's IP address, for the per-address kernel cap. */
    static String clientAddress(WsContext ctx) {
        java.net.SocketAddress remote = ctx.session.getRemoteSocketAddress();
        return remote instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }
}
