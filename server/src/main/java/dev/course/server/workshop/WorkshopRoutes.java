package dev.course.server.workshop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.Messages;
import dev.course.lessons.Course;
import dev.course.lessons.Html;
import dev.course.server.kernel.KernelPool;
import dev.course.server.kernel.KernelSession;
import dev.course.server.progress.LearnerIds;
import dev.course.server.web.RateLimiter;
import dev.course.server.web.WebToolkit;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import io.javalin.websocket.WsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Workshop mode's pages and API: the instructor's pages and controls, joining with a code, and
 * what a learner's page polls (the instructor's message, the open steps). What learners may open
 * is {@link WorkshopMode}'s; the live dashboard is {@link Dashboard}'s.
 *
 * <p>Everything the room shares lives in the database ({@link WorkshopStore}), so several server
 * instances behind a load balancer agree.
 */
final class WorkshopRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(WorkshopRoutes.class);
    static final int MAX_NAME_CHARS = 40;
    static final int MAX_MESSAGE_CHARS = 500;

    private final Supplier<Course> course;
    private final WorkshopStore store;
    private final KernelPool kernels;
    private final Dashboard dashboard;
    private final InstructorToken token;
    private final WebToolkit web;

    WorkshopRoutes(Supplier<Course> course, WorkshopStore store, KernelPool kernels, Dashboard dashboard, InstructorToken token,
                   WebToolkit web) {
        this.course = course;
        this.store = store;
        this.kernels = kernels;
        this.dashboard = dashboard;
        this.token = token;
        this.web = web;
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
            ctx.json(dashboard.snapshot());
        });
        routes.ws("/ws/instructor", this::dashboardSocket);
        routes.get("/join/{code}", this::joinPage);
        routes.post("/join/{code}", this::join);
        routes.get("/api/workshop", this::learnerState);
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
            throw new HttpResponseException(429, "Too many wrong join codes; wait a minute and try the code again.", Map.of());
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
        String body = "<article class=\"join\"><p class=\"eyebrow\">Workshop</p><h1>" + Html.escape(workshop.title())
                + "</h1><form method=\"post\" action=\"/join/" + workshop.code() + "\" class=\"join-form\">"
                + "<label for=\"name\">Your name, as the instructor will see it</label>"
                + "<input id=\"name\" name=\"name\" maxlength=\"" + MAX_NAME_CHARS + "\" required autofocus data-testid=\"join-name\">"
                + "<button type=\"submit\" class=\"check\" data-testid=\"join\">Join</button></form></article>";
        web.html(ctx, web.page("Join " + workshop.title(), current, body, "page-join"));
    }

    private void join(Context ctx) {
        requireSameOrigin(ctx);
        Workshop workshop = joinable(ctx);
        String name = limit(Optional.ofNullable(ctx.formParam("name")).orElse("").strip(), MAX_NAME_CHARS);
        if (name.isEmpty()) {
            ctx.redirect("/join/" + workshop.code());
            return;
        }
        String learner = web.learner(ctx);
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
        web.html(ctx, workshop.isPresent() ? InstructorPage.dashboard(web, current, workshop.get(), base)
                : InstructorPage.start(web, current));
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
            ctx.json(dashboard.snapshot());
        } else {
            ctx.redirect("/instructor");
        }
    }

    /** Restarts the kernels of the learner the dashboard names by their public id (a hash: the real id is their credential). */
    private void restartKernels(Workshop workshop, String learnerId) {
        store.members(workshop.code()).stream().filter(m -> LearnerIds.publicId(m.learner()).equals(learnerId)).findFirst()
                .ifPresent(member -> kernels.kernelsWithPrefix(member.learner() + ":").forEach(KernelSession::restart));
    }

    private void requireInstructor(Context ctx) {
        if (!token.isInstructor(ctx)) {
            throw new ForbiddenResponse("instructors only: open the /instructor?token=… link printed when the server started");
        }
    }

    /** Form posts must come from our own pages (the cookie is same-site too; this is the second lock). */
    private void requireSameOrigin(Context ctx) {
        if (!web.originAllowed(ctx.header("Origin"), ctx.header("Host"))) {
            throw new ForbiddenResponse("cross-site request refused");
        }
    }

    private static String required(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null || value.isBlank()) {
            throw new BadRequestResponse("missing '" + name + "'");
        }
        return value;
    }

    private static String limit(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars);
    }

    // ---- The live dashboard ---------------------------------------------------------------------

    /** The dashboard's socket: only an instructor's session, from this server's own pages. */
    private void dashboardSocket(WsConfig ws) {
        ws.onConnect(ctx -> {
            if (!token.isSession(ctx.cookie(InstructorToken.COOKIE)) || !web.hostAllowed(ctx.header("Host"))
                    || !web.originAllowed(ctx.header("Origin"), ctx.header("Host"))) {
                ctx.closeSession(4403, "instructors only");
                return;
            }
            dashboard.watch(ctx);
        });
        ws.onClose(dashboard::unwatch);
        ws.onError(dashboard::unwatch);
    }
}
