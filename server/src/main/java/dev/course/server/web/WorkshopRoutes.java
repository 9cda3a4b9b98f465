package dev.course.server.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.lessons.Block;
import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import dev.course.server.kernel.KernelPool;
import dev.course.server.kernel.KernelSession;
import dev.course.kernel.protocol.Messages;
import dev.course.server.workshop.Workshop;
import dev.course.server.workshop.WorkshopStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Workshop mode: the instructor's pages and controls, joining with a code, and the rules that
 * keep a room of learners in step (locked lessons, solutions revealed on the instructor's word).
 *
 * <p>Everything the room shares lives in the database ({@link WorkshopStore}), so several server
 * instances behind a load balancer agree; the live dashboard is pushed over a WebSocket.
 */
final class WorkshopRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(WorkshopRoutes.class);
    /** How often the dashboard is recomputed and, if it changed, pushed. */
    static final long DASHBOARD_PERIOD_MS = 300;
    static final int MAX_NAME_CHARS = 40;
    static final int MAX_MESSAGE_CHARS = 500;

    private final Supplier<Course> course;
    private final WorkshopStore store;
    private final KernelPool kernels;
    private final InstructorToken token;
    private final LearnerCookie cookies;
    private final HostCheck hosts;
    private final Map<WsContext, String> dashboards = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("workshop-dashboard").factory());

    WorkshopRoutes(Supplier<Course> course, WorkshopStore store, KernelPool kernels, InstructorToken token,
                   LearnerCookie cookies, HostCheck hosts) {
        this.course = course;
        this.store = store;
        this.kernels = kernels;
        this.token = token;
        this.cookies = cookies;
        this.hosts = hosts;
        pusher.scheduleWithFixedDelay(this::pushDashboards, DASHBOARD_PERIOD_MS, DASHBOARD_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    void register(RoutesConfig routes) {
        routes.get("/instructor", this::instructorPage);
        routes.post("/api/instructor/workshop", this::startWorkshop);
        routes.post("/api/instructor/unlock", ctx -> instructorAction(ctx, workshop -> store.unlockNext(workshop.code())));
        routes.post("/api/instructor/reveal", ctx -> instructorAction(ctx, workshop ->
                store.reveal(workshop.code(), required(ctx, "lesson"), required(ctx, "exercise"))));
        routes.post("/api/instructor/broadcast", ctx -> instructorAction(ctx, workshop ->
                store.broadcast(workshop.code(), limit(required(ctx, "message"), MAX_MESSAGE_CHARS))));
        routes.post("/api/instructor/restart", ctx -> instructorAction(ctx, workshop -> restartKernels(workshop, required(ctx, "learner"))));
        routes.post("/api/instructor/end", ctx -> instructorAction(ctx, workshop -> store.end(workshop.code())));
        routes.get("/api/instructor/dashboard", ctx -> {
            requireInstructor(ctx);
            ctx.json(dashboard());
        });
        routes.ws("/ws/instructor", this::dashboardSocket);
        routes.get("/join/{code}", this::joinPage);
        routes.post("/join/{code}", this::join);
        routes.get("/api/workshop", this::learnerState);
    }

    // ---- Rules for learners ---------------------------------------------------------------------

    /**
     * Whether a learner may open a lesson now: a member, on an open step. A server in workshop
     * mode with no workshop running opens nothing (it fails closed): the room waits for the instructor.
     */
    boolean mayOpen(String learner, String lesson) {
        Optional<Workshop> workshop = store.active();
        return workshop.isPresent() && workshop.get().isOpen(lesson) && store.isMember(workshop.get().code(), learner);
    }

    /** Whether a learner may see an exercise's solution: only once the instructor of a running workshop reveals it. */
    boolean maySeeSolution(String lesson, String exercise) {
        return store.active().map(workshop -> workshop.isRevealed(lesson, exercise)).orElse(false);
    }

    boolean active() {
        return store.active().isPresent();
    }

    /** The page a learner gets for a lesson they may not open yet. */
    String lockedPage(Course course, String learner) {
        Optional<Workshop> workshop = store.active();
        boolean member = workshop.isPresent() && store.isMember(workshop.get().code(), learner);
        String body = "<article class=\"lesson\"><h1>" + (member ? "Not yet" : workshop.isEmpty() ? "No workshop yet"
                : "Join the workshop") + "</h1><p class=\"lead\">"
                + (member ? "Your instructor has not opened this step yet. It opens for everyone at once."
                : workshop.isEmpty() ? "This course runs as a workshop, and none has started. Your instructor will give you a join code."
                : "This course is running as a workshop. Ask your instructor for the join code and open /join/CODE.")
                + "</p></article>";
        return PageLayout.page("Locked · " + course.title(), course, null, body, "class=\"page-locked\"", Map.of());
    }

    // ---- Joining ----------------------------------------------------------------------------------

    /**
     * Wrong join codes per client address: 20, then one per 2 s, so guessing a ~30-bit code takes
     * years. Only wrong codes count: a whole room behind one NAT address joins with the right one.
     */
    private final RateLimiter wrongCodes = new RateLimiter(20, 0.5, new ConcurrentHashMap<>());

    /** The running workshop a join link names; an address out of wrong-code attempts learns nothing, not even a right code. */
    private Workshop joinable(Context ctx) {
        String address = ctx.ip();
        if (!wrongCodes.hasToken(address)) {
            throw new io.javalin.http.HttpResponseException(429, "Too many wrong join codes; wait a minute and try the code again.",
                    Map.of());
        }
        try {
            return activeWorkshop(ctx.pathParam("code"));
        } catch (NotFoundResponse wrong) {
            wrongCodes.tryAcquire(address);
            throw wrong;
        }
    }

    private void joinPage(Context ctx) {
        Workshop workshop = joinable(ctx);
        Course current = course.get();
        String body = "<article class=\"join\"><p class=\"eyebrow\">Workshop</p><h1>" + dev.course.lessons.Html.escape(workshop.title())
                + "</h1><form method=\"post\" action=\"/join/" + workshop.code() + "\" class=\"join-form\">"
                + "<label for=\"name\">Your name, as the instructor will see it</label>"
                + "<input id=\"name\" name=\"name\" maxlength=\"" + MAX_NAME_CHARS + "\" required autofocus data-testid=\"join-name\">"
                + "<button type=\"submit\" class=\"check\" data-testid=\"join\">Join</button></form></article>";
        CourseServer.html(ctx, PageLayout.page("Join " + workshop.title(), current, null, body, "class=\"page-join\"", Map.of()));
    }

    private void join(Context ctx) {
        requireSameOrigin(ctx);
        Workshop workshop = joinable(ctx);
        String name = limit(Optional.ofNullable(ctx.formParam("name")).orElse("").strip(), MAX_NAME_CHARS);
        if (name.isEmpty()) {
            ctx.redirect("/join/" + workshop.code());
            return;
        }
        String learner = cookies.learner(ctx);
        store.join(workshop.code(), learner, name);
        String[] first = workshop.lessons().getFirst().split("/", 2);
        ctx.redirect("/learn/" + first[0] + "/" + first[1]);
    }

    private Workshop activeWorkshop(String code) {
        return store.find(code).filter(w -> store.active().map(a -> a.code().equals(w.code())).orElse(false))
                .orElseThrow(() -> new NotFoundResponse("no running workshop with the code " + code));
    }

    /** What a learner's page polls: the instructor's message and which steps are open. */
    private void learnerState(Context ctx) {
        ObjectNode state = Messages.JSON.createObjectNode();
        Optional<Workshop> workshop = store.active();
        state.put("active", workshop.isPresent());
        workshop.ifPresent(w -> {
            state.put("title", w.title());
            state.put("message", w.message());
            state.put("messageAt", w.messageAt());
            ArrayNode open = state.putArray("open");
            w.lessons().subList(0, w.unlocked()).forEach(open::add);
            ArrayNode revealed = state.putArray("revealed");
            w.revealed().forEach(revealed::add);
        });
        ctx.header("Cache-Control", "no-store");
        ctx.json(state);
    }

    // ---- The instructor -------------------------------------------------------------------------

    private void instructorPage(Context ctx) {
        String offered = ctx.queryParam("token");
        if (offered != null) {
            if (!token.matches(offered)) {
                throw new ForbiddenResponse("wrong instructor token");
            }
            token.grant(ctx);
            ctx.redirect("/instructor");
            return;
        }
        requireInstructor(ctx);
        Course current = course.get();
        Optional<Workshop> workshop = store.active();
        String base = ctx.scheme() + "://" + ctx.host();
        CourseServer.html(ctx, workshop.isPresent() ? InstructorPage.dashboard(current, workshop.get(), base)
                : InstructorPage.start(current));
    }

    private void startWorkshop(Context ctx) {
        requireInstructor(ctx);
        requireSameOrigin(ctx);
        List<String> lessons = ctx.formParams("lesson");
        Course current = course.get();
        List<String> known = lessons.stream().filter(path -> {
            String[] parts = path.split("/", 2);
            return parts.length == 2 && current.lesson(parts[0], parts[1]).isPresent();
        }).toList();
        if (known.isEmpty()) {
            ctx.status(400).result("Pick at least one lesson for the workshop.");
            return;
        }
        String title = limit(Optional.ofNullable(ctx.formParam("title")).orElse("").strip(), 120);
        Workshop workshop = store.create(title.isEmpty() ? current.title() : title, known);
        LOG.info("workshop {} started with {} lessons", workshop.code(), known.size());
        ctx.redirect("/instructor");
    }

    @FunctionalInterface
    private interface Action {
        void apply(Workshop workshop);
    }

    private void instructorAction(Context ctx, Action action) {
        requireInstructor(ctx);
        requireSameOrigin(ctx);
        Workshop workshop = store.active().orElseThrow(() -> new NotFoundResponse("no workshop is running"));
        action.apply(workshop);
        if ("fetch".equals(ctx.header("X-Requested-With"))) {
            ctx.json(dashboard());
        } else {
            ctx.redirect("/instructor");
        }
    }

    private void restartKernels(Workshop workshop, String learnerId) {
        store.members(workshop.code()).stream().filter(m -> publicId(m.learner()).equals(learnerId)).findFirst()
                .ifPresent(member -> kernels.kernelsWithPrefix(member.learner() + ":").forEach(KernelSession::restart));
    }

    private void requireInstructor(Context ctx) {
        if (!token.isInstructor(ctx)) {
            throw new ForbiddenResponse("instructors only: open the /instructor?token=… link printed when the server started");
        }
    }

    /** Form posts must come from our own pages (the cookie is same-site too; this is the second lock). */
    private void requireSameOrigin(Context ctx) {
        if (!hosts.originAllowed(ctx.header("Origin"), ctx.header("Host"))) {
            throw new ForbiddenResponse("cross-site request refused");
        }
    }

    private static String required(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null || value.isBlank()) {
            throw new io.javalin.http.BadRequestResponse("missing '" + name + "'");
        }
        return value;
    }

    private static String limit(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars);
    }

    // ---- The live dashboard ---------------------------------------------------------------------

    private void dashboardSocket(WsConfig ws) {
        ws.onConnect(ctx -> {
            if (!token.isSession(ctx.cookie(InstructorToken.COOKIE)) || !hosts.hostAllowed(ctx.header("Host"))
                    || !hosts.originAllowed(ctx.header("Origin"), ctx.header("Host"))) {
                ctx.closeSession(4403, "instructors only");
                return;
            }
            dashboards.put(ctx, "");
        });
        ws.onClose(ctx -> dashboards.remove(ctx));
        ws.onError(ctx -> dashboards.remove(ctx));
    }

    private void pushDashboards() {
        if (dashboards.isEmpty()) {
            return;
        }
        try {
            String snapshot = dashboard().toString();
            dashboards.replaceAll((ctx, last) -> {
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
    ObjectNode dashboard() {
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
            row.put("id", publicId(member.learner()));
            row.put("name", member.displayName());
            row.put("lesson", currentLessons.getOrDefault(member.learner(), ""));
            ObjectNode passed = row.putObject("exercises");
            results.getOrDefault(member.learner(), Map.of()).forEach(passed::put);
            List<KernelSession> sessions = kernels.kernelsWithPrefix(member.learner() + ":");
            row.put("kernel", sessions.isEmpty() ? "none" : sessions.stream()
                    .map(s -> s.state().name().toLowerCase(java.util.Locale.ROOT))
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
        java.util.OptionalInt limit = kernels.host().memoryLimitMegabytes();
        if (limit.isPresent()) {
            row.put("memoryLimitMb", (long) limit.getAsInt() * Math.max(1, sessions.size()));
        } else {
            row.putNull("memoryLimitMb");
        }
    }

    /** The learner's id as the dashboard shows it: a hash, because the real id is the learner's credential. */
    static String publicId(String learner) {
        return dev.course.server.progress.LearnerIds.publicId(learner);
    }

    void close() {
        pusher.shutdownNow();
    }
}
