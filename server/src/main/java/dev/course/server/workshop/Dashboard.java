package dev.course.server.workshop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Messages;
import dev.course.lessons.Block;
import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import dev.course.server.kernel.KernelPool;
import dev.course.server.kernel.KernelSession;
import dev.course.server.progress.LearnerIds;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The instructor's live view of the room ({@link #snapshot()}): who is on which step, which
 * exercises pass, how the room answers the concept checks, and each learner's kernels. It is
 * recomputed every {@link #PERIOD_MS} and pushed to each open dashboard socket whose last copy
 * differs; {@link WorkshopRoutes} decides who may open one.
 */
final class Dashboard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    /** How often the dashboard is recomputed and, if it changed, pushed. */
    static final long PERIOD_MS = 300;

    private final Supplier<Course> course;
    private final WorkshopStore store;
    private final KernelPool kernels;
    /** Each open dashboard socket and the snapshot it was sent last. */
    private final Map<WsContext, String> sockets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("workshop-dashboard").factory());

    Dashboard(Supplier<Course> course, WorkshopStore store, KernelPool kernels) {
        this.course = course;
        this.store = store;
        this.kernels = kernels;
        pusher.scheduleWithFixedDelay(this::push, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** An instructor's dashboard socket opened: it gets the next snapshot. */
    void watch(WsContext socket) {
        sockets.put(socket, "");
    }

    void unwatch(WsContext socket) {
        sockets.remove(socket);
    }

    private void push() {
        if (sockets.isEmpty()) {
            return;
        }
        try {
            String snapshot = snapshot().toString();
            sockets.replaceAll((ctx, last) -> {
                if (!snapshot.equals(last) && ctx.session.isOpen()) {
                    synchronized (ctx.session) {
                        ctx.send(snapshot);
                    }
                }
                return snapshot;
            });
        } catch (RuntimeException e) {
            LOG.warn("dashboard update failed: {}", e.getMessage());
        }
    }

    /** Who is on which step, which exercises pass, how the room answers the concept checks, and the state of each learner's kernels. */
    ObjectNode snapshot() {
        ObjectNode snapshot = Messages.JSON.createObjectNode();
        Optional<Workshop> active = store.active();
        snapshot.put("active", active.isPresent());
        if (active.isEmpty()) {
            return snapshot;
        }
        Workshop workshop = active.get();
        Course current = course.get();
        snapshot.put("code", workshop.code());
        snapshot.put("title", workshop.title());
        snapshot.put("unlocked", workshop.unlocked());
        snapshot.put("message", workshop.message());
        ArrayNode steps = snapshot.putArray("steps");
        Map<String, WorkshopStore.CheckTally> tallies = store.checkResults(workshop.code());
        for (String path : workshop.lessons()) {
            String[] parts = path.split("/", 2);
            Optional<Lesson> lesson = current.lesson(parts[0], parts[1]);
            ObjectNode step = steps.addObject().put("lesson", path).put("title", lesson.map(l -> l.meta().title()).orElse(path));
            ArrayNode exercises = step.putArray("exercises");
            lesson.ifPresent(l -> l.exercises().stream().map(Block.Exercise::id).forEach(id -> exercises.addObject()
                    .put("id", id).put("revealed", workshop.isRevealed(path, id))));
            // Concept checks: how many members answered each, and how many were right the first time.
            ArrayNode checks = step.putArray("checks");
            lesson.ifPresent(l -> l.conceptChecks().forEach(check -> {
                WorkshopStore.CheckTally tally = tallies.getOrDefault(path + "/" + check.id(), new WorkshopStore.CheckTally(0, 0));
                checks.addObject().put("id", check.id()).put("answered", tally.answered()).put("rightFirstTime", tally.rightFirstTime());
            }));
        }
        Map<String, String> currentLessons = store.currentLessons(workshop.code());
        Map<String, Map<String, Boolean>> results = store.exerciseResults(workshop.code());
        ArrayNode learners = snapshot.putArray("learners");
        for (WorkshopStore.Member member : store.members(workshop.code())) {
            ObjectNode row = learners.addObject();
            row.put("id", LearnerIds.publicId(member.learner()));
            row.put("name", member.displayName());
            row.put("lesson", currentLessons.getOrDefault(member.learner(), ""));
            ObjectNode passed = row.putObject("exercises");
            results.getOrDefault(member.learner(), Map.of()).forEach(passed::put);
            List<KernelSession> sessions = kernels.kernelsWithPrefix(member.learner() + ":");
            row.put("kernel", sessions.isEmpty() ? "none" : sessions.stream()
                    .map(s -> s.state().name().toLowerCase(Locale.ROOT))
                    .filter(s -> !s.equals("idle")).findFirst().orElse("idle"));
            memory(row, sessions);
        }
        return snapshot;
    }

    /**
     * The memory of a learner's kernels and its limit, or null for either where this server cannot
     * know it (kernels on a gateway: its API does not report memory), so the dashboard says "unknown"
     * rather than a made-up 0.
     */
    private void memory(ObjectNode row, List<KernelSession> sessions) {
        if (!kernels.host().remote()) {
            long memory = sessions.stream().mapToLong(KernelSession::memoryUsageBytes).filter(b -> b > 0).sum();
            row.put("memoryMb", memory / (1024 * 1024));
        } else {
            row.putNull("memoryMb");
        }
        OptionalInt limit = kernels.host().memoryLimitMegabytes();
        if (limit.isPresent()) {
            row.put("memoryLimitMb", (long) limit.getAsInt() * Math.max(1, sessions.size()));
        } else {
            row.putNull("memoryLimitMb");
        }
    }

    @Override
    public void close() {
        pusher.shutdownNow();
    }
}
